package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;
import vkernel.socket.v1.BindRequest;
import vkernel.socket.v1.GetsocknameRequest;
import vkernel.socket.v1.GetsockoptRequest;
import vkernel.socket.v1.RecvmsgRequest;
import vkernel.socket.v1.RecvmsgResponse;
import vkernel.socket.v1.SendmsgRequest;
import vkernel.socket.v1.SetsockoptRequest;
import vkernel.socket.v1.SocketServiceGrpc.SocketServiceBlockingStub;
import vkernel.testkit.KernelEndpoint;
import vkernel.testkit.RawKernelClient;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.SockaddrNl;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.Le;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgHdr;
import vkernel.uapi.netlink.RtAttr;
import vkernel.uapi.netlink.RtMsg;
import vkernel.vfs.v1.SpawnRequest;
import vkernel.vfs.v1.SpawnResponse;

/**
 * netlink-service killed with SIGKILL and started again: its socks come back as they
 * were (names, memberships, queued datagrams with the same bytes), a broadcast another
 * instance published meanwhile reaches the listener once, the rtnl handlers are there
 * at once (no EOPNOTSUPP while inet re-registers), and a new autobind takes no restored
 * portid.
 */
class NetlinkRestartTest {
    private static final int IPV4_ROUTE_MASK = 1 << (Rtnetlink.RTNLGRP_IPV4_ROUTE - 1);

    @Test
    void socksQueuesAndMembershipsSurviveAKill() throws Exception {
        Kernel kernel = KernelFixture.start(Map.of());
        try (RawKernelClient c = new RawKernelClient(KernelEndpoint.of(kernel))) {
            SpawnResponse task = c.spawn("nlrestart"); // its own namespace, lo up: routes through lo need it
            Supplier<SocketServiceBlockingStub> s = () -> c.sockets(task.getToken()); // a deadline per call
            int listener = fd(c.socket(task.getToken(), Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_ROUTE).getRet());
            assertOk(s.get().bind(BindRequest.newBuilder().setFd(listener).setAddr(nl(0, IPV4_ROUTE_MASK)).build()).getErrno());
            assertOk(s.get().setsockopt(SetsockoptRequest.newBuilder().setFd(listener).setLevel(Socket.SOL_NETLINK)
                    .setOptname(Netlink.NETLINK_ADD_MEMBERSHIP).setOptval(u32(33)).build()).getErrno());
            int changer = fd(c.socket(task.getToken(), Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_ROUTE).getRet());
            assertAcked(s, changer, routeAdd(1, 1));
            int u1 = fd(c.socket(task.getToken(), Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_USERSOCK).getRet());
            int u2 = fd(c.socket(task.getToken(), Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_USERSOCK).getRet());
            assertOk(s.get().bind(BindRequest.newBuilder().setFd(u1).setAddr(nl(4242, 0)).build()).getErrno());
            byte[] hello = NlMsgBuilder.put(0x10, 0, 7, 0, "hello, after the kill".getBytes(StandardCharsets.US_ASCII));
            assertEquals(hello.length, s.get().sendmsg(SendmsgRequest.newBuilder().setFd(u2).setData(ByteString.copyFrom(hello))
                    .setAddr(nl(4242, 0)).build()).getRet());

            RecvmsgResponse notification = recv(s, listener, Socket.MSG_PEEK);
            assertEquals(Rtnetlink.RTM_NEWROUTE, NlMsgHdr.peek(notification.getData().toByteArray(), 0).type());
            ByteString listenerName = name(s, listener);
            ByteString u1Name = name(s, u1);
            ByteString u2Name = name(s, u2);
            ByteString memberships = memberships(s, listener);

            kernel.killLayer(Layer.NETLINK);
            // Another netlink-service instance broadcasts while this one is down.
            byte[] fromElsewhere = routeAdd(99, 2);
            publishAsAnotherInstance(kernel, task.getNetns(), fromElsewhere);
            kernel.restartLayer(Layer.NETLINK);

            assertEquals(listenerName, name(s, listener));
            assertEquals(u1Name, name(s, u1));
            assertEquals(u2Name, name(s, u2));
            assertEquals(memberships, memberships(s, listener));
            RecvmsgResponse again = recv(s, listener, 0);
            assertEquals(notification.getData(), again.getData(), "the queued notification, byte for byte");
            assertEquals(notification.getAddr(), again.getAddr());
            assertArrayEquals(fromElsewhere, recv(s, listener, 0).getData().toByteArray(),
                    "what another instance broadcast meanwhile");
            RecvmsgResponse u = recv(s, u1, 0);
            assertArrayEquals(hello, u.getData().toByteArray(), "the queued unicast, byte for byte");
            assertEquals(u2Name, u.getAddr(), "from u2");

            // The handlers are there at once, and a change now reaches the listener once.
            assertAcked(s, changer, routeAdd(3, 3));
            assertEquals(Rtnetlink.RTM_NEWROUTE, NlMsgHdr.peek(recv(s, listener, 0).getData().toByteArray(), 0).type());
            assertEquals(Errno.ERRNO_EAGAIN, recv(s, listener, Socket.MSG_DONTWAIT).getErrno(), "each message once");
            assertEquals(Errno.ERRNO_EAGAIN, recv(s, u1, Socket.MSG_DONTWAIT).getErrno());

            // u2 took the task's pid before the kill: a new autobind must take another portid.
            int u3 = fd(c.socket(task.getToken(), Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_USERSOCK).getRet());
            assertOk(s.get().bind(BindRequest.newBuilder().setFd(u3).setAddr(nl(0, 0)).build()).getErrno());
            int p3 = SockaddrNl.decode(name(s, u3).toByteArray()).portid();
            assertNotEquals(SockaddrNl.decode(u2Name.toByteArray()).portid(), p3);
            assertNotEquals(4242, p3);
            c.exit(task.getToken());
        } finally {
            kernel.close();
        }
    }

    private static void publishAsAnotherInstance(Kernel kernel, long netns, byte[] msg) throws Exception {
        Properties p = kernel.kafkaClient("netlink"); // another netlink-service instance has netlink's principal
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>("vkernel.netlink.route", Long.toString(netns), msg);
            r.headers().add("group", ascii(Rtnetlink.RTNLGRP_IPV4_ROUTE)).add("netns", ascii(netns))
                    .add("origin", "another-netlink-instance".getBytes(StandardCharsets.US_ASCII))
                    .add("portid", ascii(0)).add("exclude_portid", ascii(0));
            producer.send(r).get();
        }
    }

    private static byte[] ascii(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    /** RTM_NEWROUTE 10.net.0.0/16 dev lo, as `ip route add` sends it (REQUEST|ACK|CREATE|EXCL). */
    private static byte[] routeAdd(int seq, int net) {
        RtMsg rtm = new RtMsg(Socket.AF_INET, 16, 0, 0, Rtnetlink.RT_TABLE_MAIN, Rtnetlink.RTPROT_STATIC,
                Rtnetlink.RT_SCOPE_LINK, Rtnetlink.RTN_UNICAST, 0);
        return new NlMsgBuilder(Rtnetlink.RTM_NEWROUTE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK
                | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, seq, 0).rtmsg(rtm)
                .attr(RtAttr.inAddr(Rtnetlink.RTA_DST, (10 << 24) | (net << 16))).attrU32(Rtnetlink.RTA_OIF, 1).build();
    }

    private static void assertAcked(Supplier<SocketServiceBlockingStub> s, int fd, byte[] request) {
        assertEquals(request.length, s.get().sendmsg(SendmsgRequest.newBuilder().setFd(fd).setData(ByteString.copyFrom(request))
                .setAddr(nl(0, 0)).build()).getRet());
        byte[] ack = recv(s, fd, 0).getData().toByteArray();
        assertEquals(Netlink.NLMSG_ERROR, NlMsgHdr.peek(ack, 0).type());
        assertEquals(0, Le.s32(ack, 16), "the route is added (errno 0 in the ack)");
    }

    private static RecvmsgResponse recv(Supplier<SocketServiceBlockingStub> s, int fd, int flags) {
        return s.get().recvmsg(RecvmsgRequest.newBuilder().setFd(fd).setLen(65536).setFlags(flags).build());
    }

    private static ByteString name(Supplier<SocketServiceBlockingStub> s, int fd) {
        return s.get().getsockname(GetsocknameRequest.newBuilder().setFd(fd).build()).getAddr();
    }

    private static ByteString memberships(Supplier<SocketServiceBlockingStub> s, int fd) {
        var r = s.get().getsockopt(GetsockoptRequest.newBuilder().setFd(fd).setLevel(Socket.SOL_NETLINK)
                .setOptname(Netlink.NETLINK_LIST_MEMBERSHIPS).setOptlen(16).build());
        assertOk(r.getErrno());
        return r.getOptval();
    }

    private static ByteString nl(int portid, int groups) {
        return ByteString.copyFrom(new SockaddrNl(portid, groups).encode());
    }

    private static ByteString u32(int v) {
        byte[] b = new byte[4];
        Le.put32(b, 0, v);
        return ByteString.copyFrom(b);
    }

    private static int fd(long ret) {
        if (ret < 0) {
            throw new AssertionError("socket() failed");
        }
        return (int) ret;
    }

    private static void assertOk(Errno e) {
        assertEquals(Errno.ERRNO_UNSPECIFIED, e);
    }
}
