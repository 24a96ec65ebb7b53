package vkernel.inet.grpc;

import vkernel.kernel.trace.Trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.net.v1.*;
import vkernel.netlink.v1.DumpitRequest;
import vkernel.netlink.v1.DumpitResponse;
import vkernel.uapi.Capability;
import vkernel.uapi.SockaddrIn;
import vkernel.uapi.Socket;

/**
 * The gRPC binding as socket-service uses it: wire values in, errno as data out. The
 * service classes are driven directly (the wiring of the whole process is the
 * end-to-end harness's to check).
 */
class ProtoOpsServiceImplTest {
    private static final Cred ROOT = Cred.newBuilder().setPid(1).setCapEffective(Capability.CAP_FULL_SET).setNetns(1).build(); // init_net: lo up

    private final ProtoOpsServiceImpl ops = new ProtoOpsServiceImpl();
    private final RtnetlinkHandlerImpl rtnl = new RtnetlinkHandlerImpl();

    ProtoOpsServiceImplTest() {
        InetStack stack = InetStack.of(new vkernel.inet.core.AfInet(
                vkernel.inet.core.Timers.of(java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "binding-test-timers");
                    t.setDaemon(true);
                    return t;
                })), vkernel.kernel.trace.Trace.NO_SOURCE));
        ops.stack = stack;
        rtnl.stack = stack;
    }

    /** One unary reply. */
    static final class Reply<T> implements StreamObserver<T> {
        final CompletableFuture<T> value = new CompletableFuture<>();

        @Override
        public void onNext(T v) {
            value.complete(v);
        }

        @Override
        public void onError(Throwable t) {
            value.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {}

        T get() throws Exception {
            return value.get(2, TimeUnit.SECONDS);
        }
    }

    private static ByteString addr(String a, int port) {
        return ByteString.copyFrom(new SockaddrIn(port, SockaddrIn.parseAddr(a)).encode());
    }

    private long create(int type) throws Exception {
        Reply<CreateResponse> r = new Reply<>();
        ops.create(CreateRequest.newBuilder().setCred(ROOT).setType(type).setIno(11).build(), r);
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.get().getErrno());
        assertEquals(SocketState.SOCKET_STATE_SS_UNCONNECTED, r.get().getState());
        return r.get().getSock();
    }

    @Test
    void listSocksNamesEveryHandleWithItsInodeUntilItIsReleased() throws Exception {
        long a = create(Socket.SOCK_STREAM);
        long b = create(Socket.SOCK_DGRAM);
        Reply<ListSocksResponse> listed = new Reply<>();
        ops.listSocks(ListSocksRequest.getDefaultInstance(), listed);
        assertEquals(java.util.Set.of(a, b), listed.get().getSocksList().stream().map(SockIno::getSock)
                .collect(java.util.stream.Collectors.toSet()));
        assertTrue(listed.get().getSocksList().stream().allMatch(s -> s.getIno() == 11), "the inode of CreateRequest");
        Reply<ReleaseResponse> released = new Reply<>();
        ops.release(ReleaseRequest.newBuilder().setSock(a).build(), released);
        released.get();
        Reply<ListSocksResponse> after = new Reply<>();
        ops.listSocks(ListSocksRequest.getDefaultInstance(), after);
        assertEquals(java.util.List.of(b), after.get().getSocksList().stream().map(SockIno::getSock).toList());
    }

    @Test
    void aConnectionThroughTheContract() throws Exception {
        long listener = create(Socket.SOCK_STREAM);
        Reply<BindResponse> bind = new Reply<>();
        ops.bind(BindRequest.newBuilder().setCred(ROOT).setSock(listener).setAddr(addr("127.0.0.1", 8080)).build(), bind);
        assertEquals(Errno.ERRNO_UNSPECIFIED, bind.get().getErrno());
        Reply<ListenResponse> listen = new Reply<>();
        ops.listen(ListenRequest.newBuilder().setCred(ROOT).setSock(listener).setBacklog(4).build(), listen);
        assertEquals(Errno.ERRNO_UNSPECIFIED, listen.get().getErrno());

        long client = create(Socket.SOCK_STREAM);
        Reply<ConnectResponse> connect = new Reply<>();
        ops.connect(ConnectRequest.newBuilder().setCred(ROOT).setSock(client).setAddr(addr("127.0.0.1", 8080)).build(),
                connect);
        assertEquals(Errno.ERRNO_UNSPECIFIED, connect.get().getErrno());
        assertEquals(SocketState.SOCKET_STATE_SS_CONNECTED, connect.get().getState());

        Reply<AcceptResponse> accept = new Reply<>();
        ops.accept(AcceptRequest.newBuilder().setCred(ROOT).setSock(listener).setNonblock(true).setNewIno(12).build(), accept);
        assertEquals(Errno.ERRNO_UNSPECIFIED, accept.get().getErrno());
        assertEquals(SocketState.SOCKET_STATE_SS_CONNECTED, accept.get().getState());
        assertEquals(16, accept.get().getAddr().size());
        long server = accept.get().getNewSock();

        Reply<SendmsgResponse> send = new Reply<>();
        ops.sendmsg(SendmsgRequest.newBuilder().setCred(ROOT).setSock(client).setData(ByteString.copyFromUtf8("hello"))
                .build(), send);
        assertEquals(5, send.get().getRet());
        Reply<RecvmsgResponse> recv = new Reply<>();
        ops.recvmsg(RecvmsgRequest.newBuilder().setCred(ROOT).setSock(server).setLen(100).build(), recv);
        assertEquals("hello", recv.get().getData().toStringUtf8());

        Reply<GetnameResponse> peer = new Reply<>();
        ops.getname(GetnameRequest.newBuilder().setCred(ROOT).setSock(client).setPeer(true).build(), peer);
        assertEquals(8080, SockaddrIn.decode(peer.get().getAddr().toByteArray()).port());

        Reply<GetsockoptResponse> opt = new Reply<>();
        ops.getsockopt(GetsockoptRequest.newBuilder().setCred(ROOT).setSock(listener).setLevel(Socket.SOL_SOCKET)
                .setOptname(Socket.SO_ACCEPTCONN).setOptlen(4).build(), opt);
        assertEquals(ByteString.copyFrom(new byte[] {1, 0, 0, 0}), opt.get().getOptval());

        Reply<PollResponse> poll = new Reply<>();
        ops.poll(PollRequest.newBuilder().setCred(ROOT).setSock(client).setEvents(vkernel.uapi.Poll.POLLOUT).build(), poll);
        assertEquals(vkernel.uapi.Poll.POLLOUT, poll.get().getRevents());

        for (long sk : new long[] {client, server, listener}) {
            Reply<ReleaseResponse> rel = new Reply<>();
            ops.release(ReleaseRequest.newBuilder().setSock(sk).build(), rel);
            rel.get();
        }
        Reply<BindResponse> gone = new Reply<>();
        ops.bind(BindRequest.newBuilder().setCred(ROOT).setSock(client).setAddr(addr("127.0.0.1", 1)).build(), gone);
        assertEquals(Errno.ERRNO_EBADF, gone.get().getErrno(), "a released handle is no sock");
    }

    @Test
    void errnoIsData() throws Exception {
        Reply<CreateResponse> r = new Reply<>();
        ops.create(CreateRequest.newBuilder().setCred(ROOT).setType(Socket.SOCK_STREAM).setProtocol(17).build(), r);
        assertEquals(Errno.ERRNO_EPROTONOSUPPORT, r.get().getErrno());
        long udp = create(Socket.SOCK_DGRAM);
        Reply<ListenResponse> listen = new Reply<>();
        ops.listen(ListenRequest.newBuilder().setCred(ROOT).setSock(udp).setBacklog(1).build(), listen);
        assertEquals(Errno.ERRNO_EOPNOTSUPP, listen.get().getErrno());
    }

    @Test
    void routesDumpThroughTheHandler() throws Exception {
        byte[] req = java.nio.ByteBuffer.allocate(28).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(28).putShort((short) 26)
                .putShort((short) 0x301).putInt(1).putInt(0).put((byte) 2).array();
        Reply<DumpitResponse> d = new Reply<>();
        rtnl.dumpit(DumpitRequest.newBuilder().setCred(ROOT).setNlmsg(ByteString.copyFrom(req)).setPortid(99).build(), d);
        assertEquals(Errno.ERRNO_UNSPECIFIED, d.get().getErrno());
        assertEquals(3, d.get().getMessagesCount(), "lo's three routes");
        assertTrue(InetRegistration.RTNL_ROWS.stream().anyMatch(row -> row.getDumpit() && row.getMsgtype() == 26));
    }
}
