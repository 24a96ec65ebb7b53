package vkernel.inet.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.dev.DevIoctl;
import vkernel.inet.core.fib.DevinetIoctl;
import vkernel.inet.core.fib.RtmRoute;
import vkernel.inet.core.raw.Raw;
import vkernel.inet.core.raw.RawSock;
import vkernel.inet.core.tcp.TcpRecvmsg;
import vkernel.inet.core.tcp.TcpSendmsg;
import vkernel.inet.core.tcp.TcpSock;
import vkernel.inet.core.udp.PingSock;
import vkernel.inet.core.udp.Udp;
import vkernel.inet.core.udp.UdpSendmsg;
import vkernel.inet.core.udp.UdpSock;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.state.StateChanges;
import vkernel.kernel.state.StateRecord;
import vkernel.kernel.trace.Trace;
import vkernel.net.core.SockOptions;
import vkernel.net.v1.SocketState;
import vkernel.uapi.Socket;
import vkernel.uapi.Sockios;

/**
 * PF_INET as socket-service sees it (net/ipv4/af_inet.c: inet_family_ops and the
 * inet_*_ops): each proto_ops call, on the sock its handle names, under its namespace's
 * lock; blocking calls sleep without a thread. Namespaces are made on first use and
 * dropped by {@link #netnsExit}. Plain Java: the gRPC binding converts wire to these calls.
 * Each call gets the step it runs as (named by the caller, ended by the caller); the
 * stack adds the steps it takes beneath it.
 */
public final class AfInet {
    private final InetSw inetsw = new InetSw();
    private final SockTable socks = new SockTable();
    private final Map<Long, Net> nets = new ConcurrentHashMap<>();
    private final Timers timers;
    private final Trace.Source traceSource;
    private final InetJournal journal;

    /** A stack whose tables live only in this process (tests; durability off). */
    public AfInet(Timers timers, Trace.Source traceSource) {
        this(timers, traceSource, StateChanges.DISCARD);
    }

    /** A stack that records every change of its tables in changes, for its state topic. */
    public AfInet(Timers timers, Trace.Source traceSource, StateChanges changes) {
        this.timers = timers;
        this.traceSource = traceSource;
        this.journal = new InetJournal(changes, socks);
    }

    /** Whom to tell when a timer changed the tables with no call to answer (the binding commits them). */
    public void onChangeOutsideACall(Runnable r) {
        journal.onChangeOutsideACall(r);
    }

    /** Rebuilds the tables from the state topic's live records (before the stack serves); returns what came back. */
    public InetRestore.Restored restore(List<StateRecord> live) {
        return InetRestore.into(this, journal, live);
    }

    /** The namespace's IPv4 state, made with lo and its routes on first use (ip_fib_net_init, inet_init_net). */
    public Net net(long netns) {
        return nets.computeIfAbsent(netns, id -> new Net(id, timers, traceSource, journal));
    }

    /** Marks the sock a call is about to change; the call's lock holder records it. */
    private static <T> Function<Boolean, T> changing(InetSock sk, Function<Boolean, T> attempt) {
        return mayBlock -> {
            sk.net.journal.sock(sk);
            return attempt.apply(mayBlock);
        };
    }

    /** The sock with this id, or null. */
    public InetSock sock(long id) {
        return socks.get(id);
    }

    /** Runs a call that does not sleep under the sock's namespace lock, then delivers its wake-ups. */
    private <T> T locked(Net net, Trace t, Supplier<T> body) {
        T r;
        synchronized (net) {
            r = net.traced(t, () -> {
                T v = body.get();
                net.drain();
                net.journal.flush();
                return v;
            });
        }
        net.flushWakeups();
        return r;
    }

    /** inet_create. */
    public Results.Create create(Cred cred, int type, int protocol, boolean kern, long ino, Trace t) {
        Net net = net(cred.getNetns());
        return locked(net, t, () -> InetCreate.create(inetsw, socks, net, cred, type, protocol, kern, ino, t));
    }

    /** inet_release: the handle goes; the sock may live on while its connection closes. */
    public void release(long sockId, Trace t) {
        InetSock sk = socks.remove(sockId);
        if (sk == null) {
            return;
        }
        locked(sk.net, t, () -> {
            sk.net.journal.sock(sk);
            InetCreate.release(sk);
            return null;
        });
    }

    /** inet_bind. */
    public Errno bind(Cred cred, long sockId, byte[] addr, Trace t) {
        InetSock sk = socks.get(sockId);
        if (sk == null) {
            return Errno.ERRNO_EBADF;
        }
        return locked(sk.net, t, () -> {
            sk.net.journal.sock(sk);
            Errno e = InetBind.bind(sk, addr, cred);
            t.object("sock", sk.id).field("addr", Addr.format(sk.inetRcvSaddr, sk.inetNum));
            return e;
        });
    }

    /** inet_stream_connect / inet_dgram_connect. */
    public void connect(Cred cred, long sockId, byte[] addr, boolean nonblock, Trace t, Consumer<Results.Connect> reply) {
        InetSock sk = socks.get(sockId);
        if (sk == null) {
            reply.accept(new Results.Connect(Errno.ERRNO_EBADF, SocketState.SOCKET_STATE_UNSPECIFIED));
            return;
        }
        if (!sk.ops.stream()) {
            reply.accept(locked(sk.net, t, () -> {
                sk.net.journal.sock(sk);
                return InetStream.dgramConnect(sk, addr);
            }));
            return;
        }
        TcpSock tsk = (TcpSock) sk;
        InetStream.Connect c = new InetStream.Connect(addr);
        Sleep.on(sk, t, sk.sndTimeoutMillis(nonblock), changing(sk, mayBlock -> InetStream.connectAttempt(tsk, c, mayBlock)),
                () -> new Results.Connect(Errno.ERRNO_EINTR, sk.socketState), reply);
    }

    /** inet_listen. */
    public Errno listen(Cred cred, long sockId, int backlog, Trace t) {
        InetSock sk = socks.get(sockId);
        if (sk == null) {
            return Errno.ERRNO_EBADF;
        }
        return locked(sk.net, t, () -> {
            sk.net.journal.sock(sk);
            t.object("sock", sk.id).field("backlog", backlog);
            return InetStream.listen(sk, backlog);
        });
    }

    /** inet_accept. */
    public void accept(Cred cred, long sockId, boolean nonblock, long newIno, Trace t, Consumer<Results.Accept> reply) {
        InetSock sk = socks.get(sockId);
        if (sk == null) {
            reply.accept(Results.Accept.error(Errno.ERRNO_EBADF));
            return;
        }
        if (!sk.ops.stream()) {
            reply.accept(Results.Accept.error(Errno.ERRNO_EOPNOTSUPP)); // sock_no_accept
            return;
        }
        TcpSock tsk = (TcpSock) sk;
        Sleep.on(sk, t, sk.rcvTimeoutMillis(nonblock), changing(sk, mayBlock -> InetStream.acceptAttempt(tsk, newIno, socks, mayBlock)),
                () -> Results.Accept.error(Errno.ERRNO_EINTR), reply);
    }

    /** The sock's fields for vk inspect; null for an unknown sock. */
    public InetInspect.View inspect(long sockId, Trace t) {
        InetSock sk = socks.get(sockId);
        if (sk == null) {
            return null;
        }
        return locked(sk.net, t, () -> InetInspect.view(sk));
    }

    /** inet_getname. */
    public Results.Getname getname(long sockId, boolean peer, Trace t) {
        InetSock sk = socks.get(sockId);
        if (sk == null) {
            return new Results.Getname(Errno.ERRNO_EBADF, Results.NONE);
        }
        return locked(sk.net, t, () -> InetBind.getname(sk, peer ? 1 : 0));
    }

    /** inet_sendmsg: autobind unless the protocol binds itself, then the protocol's sendmsg. */
    public void sendmsg(Cred cred, long sockId, byte[] data, int flags, byte[] addr, boolean nonblock, Trace t,
            Consumer<Results.Send> reply) {
        InetSock sk = socks.get(sockId);
        if (sk == null) {
            reply.accept(Results.Send.error(Errno.ERRNO_EBADF));
            return;
        }
        boolean dontwait = nonblock || (flags & Socket.MSG_DONTWAIT) != 0;
        if (sk instanceof TcpSock tsk) {
            TcpSendmsg.Call c = new TcpSendmsg.Call(data, flags);
            Trace s = t.child("tcp_sendmsg").object("sock", sk.id).field("len", data.length);
            Sleep.on(sk, s, sk.sndTimeoutMillis(dontwait), changing(sk, mayBlock -> TcpSendmsg.attempt(tsk, c, mayBlock)),
                    () -> TcpSendmsg.interrupted(c), () -> c.copied() > 0 ? TcpSendmsg.interrupted(c) : null, r -> {
                        s.end(r.ret(), r.errno());
                        reply.accept(r);
                    });
            return;
        }
        reply.accept(locked(sk.net, t, () -> {
            sk.net.journal.sock(sk);
            if (sk.inetNum == 0 && !sk.prot.noAutobind() && !(sk instanceof PingSock)
                    && InetBind.autobind(sk) != Errno.ERRNO_UNSPECIFIED) {
                return Results.Send.error(Errno.ERRNO_EAGAIN);
            }
            if (sk instanceof UdpSock u) {
                return UdpSendmsg.sendmsg(u, data, flags, addr);
            }
            if (sk instanceof RawSock) {
                return Raw.sendmsg(sk, data, flags, addr);
            }
            return Results.Send.error(Errno.ERRNO_EOPNOTSUPP);
        }));
    }

    /** inet_recvmsg → the protocol's recvmsg; iov is the caller's buffer as import_ubuf left it. */
    public void recvmsg(Cred cred, long sockId, IovLen iov, int flags, boolean nonblock, Trace t,
            Consumer<Results.Recv> reply) {
        InetSock sk = socks.get(sockId);
        if (sk == null) {
            reply.accept(Results.Recv.error(Errno.ERRNO_EBADF));
            return;
        }
        int len = iov.count();
        boolean dontwait = nonblock || (flags & Socket.MSG_DONTWAIT) != 0;
        long timeout = sk.rcvTimeoutMillis(dontwait);
        if (sk instanceof TcpSock tsk) {
            TcpRecvmsg.Call c = new TcpRecvmsg.Call(iov, flags, tsk.rcvlowat);
            Trace s = t.child("tcp_recvmsg").object("sock", sk.id).field("len", len);
            Sleep.on(sk, s, timeout, changing(sk, mayBlock -> TcpRecvmsg.attempt(tsk, c, mayBlock)), () -> TcpRecvmsg.interrupted(c),
                    () -> c.copied() > 0 ? TcpRecvmsg.interrupted(c) : null, r -> {
                        s.end(r.ret(), r.errno());
                        reply.accept(r);
                    });
        } else if (sk instanceof UdpSock u) {
            Trace s = t.child("udp_recvmsg").object("sock", sk.id).field("len", len);
            Sleep.on(sk, s, timeout, changing(sk, mayBlock -> Udp.recvAttempt(u, len, flags, mayBlock)), Datagrams::interrupted, r -> {
                        s.end(r.ret(), r.errno());
                        reply.accept(r);
                    });
        } else if (sk instanceof RawSock r) {
            Sleep.on(sk, t.child("raw_recvmsg"), timeout, changing(sk, mayBlock -> Raw.recvAttempt(r, len, flags, mayBlock)),
                    Datagrams::interrupted, reply);
        } else {
            reply.accept(Results.Recv.error(Errno.ERRNO_EAGAIN));
        }
    }

    /** inet_shutdown. */
    public Results.Shutdown shutdown(Cred cred, long sockId, int how, Trace t) {
        InetSock sk = socks.get(sockId);
        if (sk == null) {
            return new Results.Shutdown(Errno.ERRNO_EBADF, SocketState.SOCKET_STATE_UNSPECIFIED);
        }
        return locked(sk.net, t, () -> {
            sk.net.journal.sock(sk);
            return InetStream.shutdown(sk, how);
        });
    }

    /** sock_setsockopt for SOL_SOCKET, else the protocol's (sock_common_setsockopt). */
    public Errno setsockopt(Cred cred, long sockId, int level, int optname, byte[] optval, Trace t) {
        InetSock sk = socks.get(sockId);
        if (sk == null) {
            return Errno.ERRNO_EBADF;
        }
        return locked(sk.net, t, () -> {
            sk.net.journal.sock(sk);
            if (level == Socket.SOL_SOCKET) {
                if (optname == SkSockopt.SO_BINDTODEVICE) {
                    return SkSockopt.setBindToDevice(sk, optval, cred);
                }
                if (SkSockopt.scmOnly(optname) && optval.length >= 4) {
                    return Errno.ERRNO_EOPNOTSUPP;
                }
                Errno e = SockOptions.set(sk, optname, optval, cred);
                if (e == Errno.ERRNO_ENOPROTOOPT) {
                    e = SkSockopt.set(sk, optname, optval, cred);
                }
                if (e == Errno.ERRNO_UNSPECIFIED) {
                    SockHooks.afterSet(sk, optname, optval);
                }
                return e;
            }
            return sk.prot.setsockopt(sk, level, optname, optval, cred);
        });
    }

    /** sock_getsockopt for SOL_SOCKET, else the protocol's. */
    public SockOptions.Value getsockopt(Cred cred, long sockId, int level, int optname, int optlen, Trace t) {
        InetSock sk = socks.get(sockId);
        if (sk == null) {
            return SockOptions.Value.error(Errno.ERRNO_EBADF);
        }
        return locked(sk.net, t, () -> {
            sk.net.journal.sock(sk); // SO_ERROR reads and clears sk_err
            if (level != Socket.SOL_SOCKET) {
                return sk.prot.getsockopt(sk, level, optname, optlen);
            }
            if (SkSockopt.scmOnly(optname)) {
                return SockOptions.Value.error(Errno.ERRNO_EOPNOTSUPP);
            }
            SockOptions.Value v = SockOptions.get(sk, optname, optlen);
            return v.errno() == Errno.ERRNO_ENOPROTOOPT ? SkSockopt.get(sk, optname, optlen) : v;
        });
    }

    /**
     * inet_ioctl: the interface address commands (devinet_ioctl), then the protocol's ioctl
     * (sk_ioctl). The route (SIOCADDRT) and ARP commands are not served yet: they answer as
     * unknown, and the socket layer goes on with them to the device, which answers ENOTTY.
     */
    public SkIoctl ioctl(Cred cred, long sockId, int cmd, byte[] arg, Trace t) {
        InetSock sk = socks.get(sockId);
        if (sk == null) {
            return SkIoctl.error(Errno.ERRNO_EBADF);
        }
        return locked(sk.net, t, () -> switch (cmd) {
            case Sockios.SIOCGIFADDR, Sockios.SIOCGIFBRDADDR, Sockios.SIOCGIFNETMASK, Sockios.SIOCGIFDSTADDR,
                    Sockios.SIOCGIFPFLAGS, Sockios.SIOCSIFADDR, Sockios.SIOCSIFBRDADDR, Sockios.SIOCSIFNETMASK,
                    Sockios.SIOCSIFDSTADDR, Sockios.SIOCSIFPFLAGS, Sockios.SIOCSIFFLAGS -> DevinetIoctl.ioctl(sk.net, cred, cmd, arg);
            case SIOCRTMSG -> SkIoctl.error(Errno.ERRNO_EINVAL);
            default -> sk.prot.ioctl(sk, cmd);
        });
    }

    /** SIOCRTMSG: an ioctl inet_ioctl refuses outright. */
    private static final int SIOCRTMSG = 0x890D;

    /** dev_ioctl in a namespace (the device commands sockets of every family pass down). */
    public DevIoctl.Result devIoctl(Cred cred, long netns, int cmd, byte[] arg, Trace t) {
        Net net = net(netns);
        return locked(net, t, () -> DevIoctl.ioctl(net.devices(), cred, cmd, arg));
    }

    /**
     * sock_poll: the protocol's mask filtered by the events asked (POLLERR and POLLHUP always), waiting up to
     * timeoutMs; afterWake >= 0 (EPOLLET) answers early only after more than afterWake wake-ups of sk_wq.
     */
    public void poll(Cred cred, long sockId, int events, int timeoutMs, long afterWake, Trace t, Consumer<Revents> reply) {
        InetSock sk = socks.get(sockId);
        if (sk == null) {
            reply.accept(Revents.of(vkernel.uapi.Poll.POLLNVAL));
            return;
        }
        int filter = (events & 0xffff) | vkernel.uapi.Poll.POLLERR | vkernel.uapi.Poll.POLLHUP;
        Sleep.on(sk, t, timeoutMs < 0 ? -1 : timeoutMs, mayBlock -> {
            int mask = sk.prot.poll(sk) & filter;
            long wakes = sk.wq.wakes(); // under the lock, with the mask
            boolean ready = mask != 0 && (afterWake < 0 || wakes > afterWake);
            return ready || !mayBlock ? new Revents(mask, wakes) : null;
        }, () -> new Revents(0, sk.wq.wakes()), reply);
    }

    /** The namespace is gone: every sock, port and route of it goes too. */
    public void netnsExit(long netns) {
        Net net = nets.remove(netns);
        socks.removeNetns(netns);
        if (net == null) {
            return;
        }
        synchronized (net) {
            net.journal.exit();
            net.markExited();
        }
    }

    /** rtnetlink doit of the rows this layer registers (Rtnl); strictChk: NETLINK_GET_STRICT_CHK was set. */
    public RtmRoute.DoitResult rtnlDoit(Cred cred, byte[] nlmsg, int portid, boolean strictChk, Trace t) {
        Net net = net(cred.getNetns());
        return locked(net, t, () -> Rtnl.doit(net, cred, nlmsg, portid, strictChk));
    }

    /** rtnetlink dumpit of the rows this layer registers (Rtnl). */
    public RtmRoute.DumpResult rtnlDumpit(Cred cred, byte[] nlmsg, int portid, boolean strictChk, Trace t) {
        Net net = net(cred.getNetns());
        return locked(net, t, () -> Rtnl.dumpit(net, nlmsg, portid, strictChk));
    }

    /** The AF_INET sock_diag handler (inet_diag_handler_cmd): the requester's namespace only. */
    public InetDiag.Result sockDiag(Cred cred, byte[] nlmsg, int portid, Trace t) {
        Net net = net(cred.getNetns());
        return locked(net, t, () -> InetDiag.handlerCmd(net, cred, nlmsg, portid));
    }

    /** Whether a namespace holds nothing beyond what a fresh one has (no socks, ports, connections; lo's routes). */
    public boolean isPristine(long netns) {
        Net net = nets.get(netns);
        if (net == null) {
            return socks.count(netns) == 0;
        }
        synchronized (net) {
            return socks.count(netns) == 0 && net.tcpHashinfo.isEmpty() && net.udpTable.isEmpty()
                    && net.udpliteTable.isEmpty() && net.rawHashinfo.isEmpty() && net.fib.routeCount() == 3 && net.devices.all().size() == 1;
        }
    }

    /** Every handle socket-service holds, with the inode its sock was made on: {handle, ino} (ListSocks). */
    public java.util.List<long[]> handles() {
        return socks.handles();
    }

    /** How many handles are open (for health and tests). */
    public int sockCount() {
        return socks.size();
    }

    /** How many network namespaces the stack holds (each made on first use, gone at pernet exit). */
    public int netCount() {
        return nets.size();
    }
}
