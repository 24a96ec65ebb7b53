package vkernel.sdk;

import com.google.protobuf.ByteString;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import vkernel.socket.v1.*;
import vkernel.uapi.Sockios;
import vkernel.vfs.v1.*;

/**
 * A process of the virtual kernel, and the system calls it makes. Each method
 * implements the system call it is named after and takes and returns plain values; a
 * failing call throws {@link ErrnoException}, a cancelled one (deadline passed)
 * {@link CallInterruptedException}. close() is exit(0).
 *
 * <p>Calls block as long as the kernel's call blocks, unless a view made by
 * {@link #withDeadline} gives each call a deadline.
 */
public final class Task implements AutoCloseable {
    private final VKernel kernel;
    private final String comm;
    private final int pid;
    private final long netns;
    private final ClientInterceptor auth;
    private final Duration deadline;
    private final AtomicBoolean exited;
    private final CallIds calls;

    Task(VKernel kernel, String comm, int pid, String token, long netns) {
        this(kernel, comm, pid, netns, tokenInterceptor(token), null, new AtomicBoolean(), new CallIds());
    }

    private Task(VKernel kernel, String comm, int pid, long netns, ClientInterceptor auth, Duration deadline,
            AtomicBoolean exited, CallIds calls) {
        this.kernel = kernel;
        this.comm = comm;
        this.pid = pid;
        this.netns = netns;
        this.auth = auth;
        this.deadline = deadline;
        this.exited = exited;
        this.calls = calls;
    }

    public int pid() {
        return pid;
    }

    public String comm() {
        return comm;
    }

    /** The task's network namespace, to spawn others into it. */
    public long netns() {
        return netns;
    }

    /** The same task, each call of which is cancelled if still running after {@code timeout}. */
    public Task withDeadline(Duration timeout) {
        return new Task(kernel, comm, pid, netns, auth, timeout, exited, calls);
    }

    /** The same task, its calls without a deadline. */
    public Task withoutDeadline() {
        return new Task(kernel, comm, pid, netns, auth, null, exited, calls);
    }

    // ---- net/socket.c ----------------------------------------------------------

    /** socket(2): the new fd. */
    public int socket(int domain, int type, int protocol) {
        return socket(SocketRequest.newBuilder().setDomain(domain).setType(type).setProtocol(protocol).build());
    }

    /**
     * socket(2) whose new fd is {@code atFd} rather than the lowest free one: vkernel's own,
     * for a caller that keeps an fd table of its own beside the task's (vk run keeps the
     * host's). {@code EBUSY} when atFd is open or held by a call still making its file,
     * {@code EMFILE} at or past RLIMIT_NOFILE.
     */
    public int socketAt(int atFd, int domain, int type, int protocol) {
        return socket(SocketRequest.newBuilder().setDomain(domain).setType(type).setProtocol(protocol).setAtFd(atFd).build());
    }

    /** bind(2). */
    public void bind(int fd, SockAddr addr) {
        BindResponse r = sock("bind", s -> s.bind(BindRequest.newBuilder().setFd(fd).setAddr(bytes(addr)).build()));
        Rpc.check("bind", r.getRet(), r.getErrnoValue());
    }

    /** listen(2). */
    public void listen(int fd, int backlog) {
        ListenResponse r = sock("listen", s -> s.listen(ListenRequest.newBuilder().setFd(fd).setBacklog(backlog)
                .build()));
        Rpc.check("listen", r.getRet(), r.getErrnoValue());
    }

    /** accept(2): the new fd and the peer's address. */
    public Accepted accept(int fd) {
        return accept("accept", fd, 0);
    }

    /** accept4(2) with SOCK_NONBLOCK / SOCK_CLOEXEC flags. */
    public Accepted accept4(int fd, int flags) {
        return accept("accept4", fd, flags);
    }

    /** accept4(2) whose new fd is {@code atFd} (as {@link #socketAt}). */
    public Accepted accept4At(int atFd, int fd, int flags) {
        return accept("accept4", AcceptRequest.newBuilder().setFd(fd).setFlags(flags).setAtFd(atFd).build());
    }

    /** connect(2). */
    public void connect(int fd, SockAddr addr) {
        ConnectResponse r = sock("connect", s -> s.connect(ConnectRequest.newBuilder().setFd(fd)
                .setAddr(bytes(addr)).build()));
        Rpc.check("connect", r.getRet(), r.getErrnoValue());
    }

    /** getsockname(2). */
    public SockAddr getsockname(int fd) {
        GetsocknameResponse r = sock("getsockname", s -> s.getsockname(GetsocknameRequest.newBuilder().setFd(fd)
                .build()));
        Rpc.check("getsockname", r.getRet(), r.getErrnoValue());
        return SockAddr.of(r.getAddr().toByteArray());
    }

    /** getpeername(2). */
    public SockAddr getpeername(int fd) {
        GetpeernameResponse r = sock("getpeername", s -> s.getpeername(GetpeernameRequest.newBuilder().setFd(fd)
                .build()));
        Rpc.check("getpeername", r.getRet(), r.getErrnoValue());
        return SockAddr.of(r.getAddr().toByteArray());
    }

    /** send(2): bytes sent. */
    public long send(int fd, byte[] data, int flags) {
        return sendmsg("send", fd, data, flags, SockAddr.none());
    }

    /** sendto(2): bytes sent. */
    public long sendto(int fd, byte[] data, int flags, SockAddr to) {
        return sendmsg("sendto", fd, data, flags, to);
    }

    /** sendmsg(2) with one iovec and msg_name {@code name} (none: empty): bytes sent. */
    public long sendmsg(int fd, byte[] data, int flags, SockAddr name) {
        return sendmsg("sendmsg", fd, data, flags, name);
    }

    /** recv(2) into a buffer of {@code len} bytes. */
    public Received recv(int fd, int len, int flags) {
        return recvmsg("recv", fd, len, flags);
    }

    /** recvfrom(2) into a buffer of {@code len} bytes; {@code from()} is the source address. */
    public Received recvfrom(int fd, int len, int flags) {
        return recvmsg("recvfrom", fd, len, flags);
    }

    /** recvmsg(2) with one iovec of {@code len} bytes and room for msg_name. */
    public Received recvmsg(int fd, int len, int flags) {
        return recvmsg("recvmsg", fd, len, flags);
    }

    /** recvmsg(2) with a buffer length as size_t: any value up to 2^64-1 (as unsigned), as a C caller can pass. */
    public Received recvmsg(int fd, long len, int flags) {
        return recvmsg("recvmsg", fd, len, flags);
    }

    /** shutdown(2). */
    public void shutdown(int fd, int how) {
        ShutdownResponse r = sock("shutdown", s -> s.shutdown(ShutdownRequest.newBuilder().setFd(fd).setHow(how)
                .build()));
        Rpc.check("shutdown", r.getRet(), r.getErrnoValue());
    }

    /** setsockopt(2) with raw option bytes. */
    public void setsockopt(int fd, int level, int optname, byte[] optval) {
        SetsockoptResponse r = sock("setsockopt", s -> s.setsockopt(SetsockoptRequest.newBuilder().setFd(fd)
                .setLevel(level).setOptname(optname).setOptval(ByteString.copyFrom(optval)).build()));
        Rpc.check("setsockopt", r.getRet(), r.getErrnoValue());
    }

    /** setsockopt(2) with an int value. */
    public void setsockopt(int fd, int level, int optname, int value) {
        setsockopt(fd, level, optname, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    /** setsockopt(2) with a struct linger (SO_LINGER). */
    public void setsockopt(int fd, int level, int optname, Linger value) {
        setsockopt(fd, level, optname, value.encode());
    }

    /** setsockopt(2) with a struct timeval (SO_RCVTIMEO, SO_SNDTIMEO). */
    public void setsockopt(int fd, int level, int optname, Timeval value) {
        setsockopt(fd, level, optname, value.encode());
    }

    /** getsockopt(2) with a buffer of {@code optlen} bytes: the bytes the kernel wrote. */
    public byte[] getsockopt(int fd, int level, int optname, int optlen) {
        GetsockoptResponse r = sock("getsockopt", s -> s.getsockopt(GetsockoptRequest.newBuilder().setFd(fd)
                .setLevel(level).setOptname(optname).setOptlen(optlen).build()));
        Rpc.check("getsockopt", r.getRet(), r.getErrnoValue());
        return r.getOptval().toByteArray();
    }

    /** getsockopt(2) of an int option. */
    public int getsockoptInt(int fd, int level, int optname) {
        byte[] v = Arrays.copyOf(getsockopt(fd, level, optname, 4), 4);
        return ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /**
     * ioctl(2) on a socket: arg is what the command reads from *arg (a struct ifreq for the
     * device commands, nothing for SIOCINQ/SIOCOUTQ); the answer is what it wrote there.
     */
    public byte[] ioctl(int fd, int cmd, byte[] arg) {
        IoctlResponse r = sock("ioctl", s -> s.ioctl(IoctlRequest.newBuilder().setFd(fd).setCmd(cmd)
                .setArg(ByteString.copyFrom(arg)).build()));
        Rpc.check("ioctl", r.getRet(), r.getErrnoValue());
        return r.getArg().toByteArray();
    }

    /** ioctl(2) of a command that writes an int (SIOCINQ/FIONREAD, SIOCOUTQ, SIOCOUTQNSD, SIOCATMARK). */
    public int ioctlInt(int fd, int cmd) {
        return Sockios.intArg(Arrays.copyOf(ioctl(fd, cmd, new byte[0]), 4));
    }

    /** getsockopt(2) of a struct linger. */
    public Linger getsockoptLinger(int fd, int level, int optname) {
        return Linger.decode(getsockopt(fd, level, optname, Linger.SIZE));
    }

    /** getsockopt(2) of a struct timeval. */
    public Timeval getsockoptTimeval(int fd, int level, int optname) {
        return Timeval.decode(getsockopt(fd, level, optname, Timeval.SIZE));
    }

    // ---- fs/ ---------------------------------------------------------------------

    /** close(2). */
    public void close(int fd) {
        CloseResponse r = file("close", f -> f.close(CloseRequest.newBuilder().setFd(fd).build()));
        Rpc.check("close", r.getRet(), r.getErrnoValue());
    }

    /** dup(2): the new fd. */
    public int dup(int oldfd) {
        DupResponse r = file("dup", f -> f.dup(DupRequest.newBuilder().setOldfd(oldfd).build()));
        return (int) Rpc.check("dup", r.getRet(), r.getErrnoValue());
    }

    /** dup2(2): newfd. */
    public int dup2(int oldfd, int newfd) {
        Dup2Response r = file("dup2", f -> f.dup2(Dup2Request.newBuilder().setOldfd(oldfd).setNewfd(newfd).build()));
        return (int) Rpc.check("dup2", r.getRet(), r.getErrnoValue());
    }

    /** dup3(2) with O_CLOEXEC or 0: newfd. */
    public int dup3(int oldfd, int newfd, int flags) {
        Dup3Response r = file("dup3", f -> f.dup3(Dup3Request.newBuilder().setOldfd(oldfd).setNewfd(newfd)
                .setFlags(flags).build()));
        return (int) Rpc.check("dup3", r.getRet(), r.getErrnoValue());
    }

    /** fcntl(2) without an argument (F_GETFL, F_GETFD). */
    public long fcntl(int fd, int cmd) {
        return fcntl(fd, cmd, 0);
    }

    /** fcntl(2): F_SETFL, F_SETFD, F_DUPFD, F_DUPFD_CLOEXEC... */
    public long fcntl(int fd, int cmd, long arg) {
        FcntlResponse r = file("fcntl", f -> f.fcntl(FcntlRequest.newBuilder().setFd(fd).setCmd(cmd).setArg(arg)
                .build()));
        return Rpc.check("fcntl", r.getRet(), r.getErrnoValue());
    }

    /** read(2) into a buffer of {@code count} bytes. */
    public Received read(int fd, int count) {
        return read(fd, Integer.toUnsignedLong(count));
    }

    /** read(2) with a count as size_t: any value up to 2^64-1 (as unsigned), as a C caller can pass. */
    public Received read(int fd, long count) {
        ReadResponse r = file("read", f -> f.read(ReadRequest.newBuilder().setFd(fd).setCount(count).build()));
        long n = Rpc.check("read", r.getRet(), r.getErrnoValue());
        return new Received(n, r.getData().toByteArray(), SockAddr.none(), 0);
    }

    /** write(2): bytes written. */
    public long write(int fd, byte[] data) {
        return Rpc.inPieces(data, piece -> {
            WriteResponse r = file("write", f -> f.write(WriteRequest.newBuilder().setFd(fd)
                    .setData(ByteString.copyFrom(piece)).build()));
            return Rpc.check("write", r.getRet(), r.getErrnoValue());
        });
    }

    /** poll(2) on one fd. */
    public PollResult poll(int fd, int events, int timeoutMs) {
        return poll(List.of(new PollFd(fd, events)), timeoutMs);
    }

    /** poll(2); a negative timeout waits for ever. */
    public PollResult poll(List<PollFd> fds, int timeoutMs) {
        PollRequest.Builder req = PollRequest.newBuilder().setTimeoutMs(timeoutMs);
        fds.forEach(p -> req.addFds(vkernel.vfs.v1.PollFd.newBuilder().setFd(p.fd()).setEvents(p.events())));
        PollResponse r = file("poll", f -> f.poll(req.build()));
        long n = Rpc.check("poll", r.getRet(), r.getErrnoValue());
        return new PollResult((int) n, r.getReventsList().stream().mapToInt(Integer::intValue).toArray());
    }

    /** epoll_create(2): size must be positive and is otherwise unused. */
    public int epollCreate(int size) {
        var r = file("epoll_create", f -> f.epollCreate(vkernel.vfs.v1.EpollCreateRequest.newBuilder().setSize(size).build()));
        return (int) Rpc.check("epoll_create", r.getRet(), r.getErrnoValue());
    }

    /** epoll_create1(2): flags 0 or EPOLL_CLOEXEC. */
    public int epollCreate1(int flags) {
        var r = file("epoll_create1", f -> f.epollCreate1(vkernel.vfs.v1.EpollCreate1Request.newBuilder().setFlags(flags).build()));
        return (int) Rpc.check("epoll_create1", r.getRet(), r.getErrnoValue());
    }

    /** epoll_create1(2) whose new fd is {@code atFd} (as {@link #socketAt}). */
    public int epollCreate1At(int atFd, int flags) {
        var r = file("epoll_create1", f -> f.epollCreate1(vkernel.vfs.v1.EpollCreate1Request.newBuilder().setFlags(flags)
                .setAtFd(atFd).build()));
        return (int) Rpc.check("epoll_create1", r.getRet(), r.getErrnoValue());
    }

    /** epoll_ctl(2); a null event is a NULL pointer (allowed for EPOLL_CTL_DEL). */
    public void epollCtl(int epfd, int op, int fd, EpollEvent event) {
        var req = vkernel.vfs.v1.EpollCtlRequest.newBuilder().setEpfd(epfd).setOp(op).setFd(fd);
        if (event != null) {
            req.setEvent(vkernel.vfs.v1.EpollEvent.newBuilder().setEvents(event.events()).setData(event.data()));
        }
        var r = file("epoll_ctl", f -> f.epollCtl(req.build()));
        Rpc.check("epoll_ctl", r.getRet(), r.getErrnoValue());
    }

    /** epoll_wait(2): at most maxevents ready items, in the ready list's order; a negative timeout waits for ever. */
    public java.util.List<EpollEvent> epollWait(int epfd, int maxevents, int timeoutMs) {
        var r = file("epoll_wait", f -> f.epollWait(vkernel.vfs.v1.EpollWaitRequest.newBuilder().setEpfd(epfd)
                .setMaxevents(maxevents).setTimeoutMs(timeoutMs).build()));
        Rpc.check("epoll_wait", r.getRet(), r.getErrnoValue());
        return r.getEventsList().stream().map(e -> new EpollEvent(e.getEvents(), e.getData())).toList();
    }

    /** fstat(2). */
    public FileStat fstat(int fd) {
        FstatResponse r = file("fstat", f -> f.fstat(FstatRequest.newBuilder().setFd(fd).build()));
        Rpc.check("fstat", r.getRet(), r.getErrnoValue());
        return new FileStat(r.getIno(), r.getMode(), r.getFsType());
    }

    // ---- kernel/ -------------------------------------------------------------------

    /** setrlimit(2). */
    public void setrlimit(int resource, long soft, long hard) {
        SetrlimitResponse r = proc("setrlimit", p -> p.setrlimit(SetrlimitRequest.newBuilder()
                .setResource(resource).setSoft(soft).setHard(hard).build()));
        Rpc.check("setrlimit", r.getRet(), r.getErrnoValue());
    }

    /** getrlimit(2). */
    public Rlimit getrlimit(int resource) {
        GetrlimitResponse r = proc("getrlimit", p -> p.getrlimit(GetrlimitRequest.newBuilder()
                .setResource(resource).build()));
        Rpc.check("getrlimit", r.getRet(), r.getErrnoValue());
        return new Rlimit(r.getSoft(), r.getHard());
    }

    /**
     * fork(2): a new task with this one's credentials, namespace and a copy of its fd table
     * (the same open files: a socket closed in one task stays open in the other). The child
     * is a task of its own, exited with {@link #exit}.
     */
    public Task fork() {
        SpawnResponse r = proc("fork", p -> p.fork(ForkRequest.getDefaultInstance()));
        Rpc.check("fork", r.getPid() > 0 ? r.getPid() : -1, r.getErrnoValue());
        return new Task(kernel, comm, r.getPid(), r.getToken(), r.getNetns());
    }

    /** exit(2): every fd is closed and the task is gone. Once only; later calls do nothing. */
    public void exit(int status) {
        if (exited.compareAndSet(false, true)) {
            proc("exit", p -> p.exit(ExitRequest.newBuilder().setStatus(status).build()));
        }
    }

    /** exit(0). */
    @Override
    public void close() {
        exit(0);
    }

    // ---- plumbing ----------------------------------------------------------------

    private int socket(SocketRequest req) {
        SocketResponse r = sock("socket", s -> s.socket(req));
        return (int) Rpc.check("socket", r.getRet(), r.getErrnoValue());
    }

    private Accepted accept(String call, int fd, int flags) {
        return accept(call, AcceptRequest.newBuilder().setFd(fd).setFlags(flags).build());
    }

    private Accepted accept(String call, AcceptRequest req) {
        AcceptResponse r = sock(call, s -> s.accept(req));
        int nfd = (int) Rpc.check(call, r.getRet(), r.getErrnoValue());
        return new Accepted(nfd, SockAddr.of(r.getAddr().toByteArray()));
    }

    private long sendmsg(String call, int fd, byte[] data, int flags, SockAddr name) {
        return Rpc.inPieces(data, piece -> {
            SendmsgResponse r = sock(call, s -> s.sendmsg(SendmsgRequest.newBuilder().setFd(fd)
                    .setData(ByteString.copyFrom(piece)).setFlags(flags).setAddr(bytes(name)).build()));
            return Rpc.check(call, r.getRet(), r.getErrnoValue());
        });
    }

    private Received recvmsg(String call, int fd, int len, int flags) {
        return recvmsg(call, fd, Integer.toUnsignedLong(len), flags);
    }

    private Received recvmsg(String call, int fd, long len, int flags) {
        RecvmsgResponse r = sock(call, s -> s.recvmsg(RecvmsgRequest.newBuilder().setFd(fd)
                .setLen(len).setFlags(flags).build()));
        long n = Rpc.check(call, r.getRet(), r.getErrnoValue());
        return new Received(n, r.getData().toByteArray(), SockAddr.of(r.getAddr().toByteArray()), r.getMsgFlags());
    }

    // Each call gets its id once; every retry of it (Rpc.invoke) sends the same, so the kernel runs it once.
    private <R> R sock(String call, Function<SocketServiceGrpc.SocketServiceBlockingStub, R> rpc) {
        ClientInterceptor id = calls.next();
        return Rpc.invoke(call, () -> rpc.apply(prepare(
                SocketServiceGrpc.newBlockingStub(kernel.socketChannel(call)), id)));
    }

    private <R> R file(String call, Function<FileServiceGrpc.FileServiceBlockingStub, R> rpc) {
        ClientInterceptor id = calls.next();
        return Rpc.invoke(call, () -> rpc.apply(prepare(FileServiceGrpc.newBlockingStub(kernel.vfsChannel()), id)));
    }

    private <R> R proc(String call, Function<ProcessServiceGrpc.ProcessServiceBlockingStub, R> rpc) {
        ClientInterceptor id = calls.next();
        return Rpc.invoke(call, () -> rpc.apply(prepare(ProcessServiceGrpc.newBlockingStub(kernel.vfsChannel()), id)));
    }

    /** The task's token and the call's id on every attempt, and this view's deadline counted from now. */
    private <S extends AbstractStub<S>> S prepare(S stub, ClientInterceptor callId) {
        S s = stub.withInterceptors(auth, callId);
        return deadline == null ? s : s.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static ByteString bytes(SockAddr a) {
        return ByteString.copyFrom(a.bytes());
    }

    private static ClientInterceptor tokenInterceptor(String token) {
        Metadata md = new Metadata();
        md.put(VKernel.TASK_TOKEN, token);
        return MetadataUtils.newAttachHeadersInterceptor(md);
    }

    @Override
    public String toString() {
        return "Task[" + comm + " pid=" + pid + "]";
    }
}
