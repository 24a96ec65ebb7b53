package vkernel.netlink.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import vkernel.cred.v1.Cred;
import vkernel.netlink.core.RtnlHandlerClient;
import vkernel.kernel.trace.Trace;
import vkernel.netlink.v1.DoitRequest;
import vkernel.netlink.v1.DumpitRequest;
import vkernel.netlink.v1.RtnetlinkHandlerServiceGrpc;
import vkernel.netlink.v1.SockDiagDumpRequest;
import vkernel.runtime.grpc.Futures;
import vkernel.runtime.quarkus.KernelRuntime;

/**
 * RtnetlinkHandlerService of the family services, called with future stubs within the
 * step that caused the call (so the trace and the caller's cancellation follow). A
 * call the caller cancelled is {@link RtnlHandlerClient.Interrupted}; any other failure
 * means the service is gone ({@link RtnlHandlerClient.HandlerGone}).
 */
final class GrpcRtnlHandlerClient implements RtnlHandlerClient {
    private static final long DEADLINE_SECONDS = 10;
    private final KernelRuntime runtime;

    GrpcRtnlHandlerClient(KernelRuntime runtime) {
        this.runtime = runtime;
    }

    private RtnetlinkHandlerServiceGrpc.RtnetlinkHandlerServiceFutureStub stub(String address) {
        return RtnetlinkHandlerServiceGrpc.newFutureStub(runtime.channels().channel(address))
                .withCallCredentials(runtime.channels().credentials())
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public CompletableFuture<DoitResult> doit(String address, Cred cred, byte[] nlmsg, int portid, boolean strictChk,
            Trace trace) {
        DoitRequest req = DoitRequest.newBuilder().setCred(cred).setNlmsg(ByteString.copyFrom(nlmsg)).setPortid(portid)
                .setStrictChk(strictChk).build();
        return call(trace, () -> Futures.of(stub(address).doit(req))).thenApply(r -> {
            List<vkernel.netlink.v1.Notification> ns = r.getNotificationsList();
            List<Notification> out = new ArrayList<>(ns.size());
            for (vkernel.netlink.v1.Notification n : ns) {
                out.add(new Notification(n.getGroup(), n.getNlmsg().toByteArray()));
            }
            return new DoitResult(r.getErrno(), out, bytes(r.getRepliesList()),
                    r.getExtack().isEmpty() ? null : r.getExtack());
        });
    }

    @Override
    public CompletableFuture<DumpResult> dumpit(String address, Cred cred, byte[] nlmsg, int portid, boolean strictChk,
            Trace trace) {
        DumpitRequest req = DumpitRequest.newBuilder().setCred(cred).setNlmsg(ByteString.copyFrom(nlmsg))
                .setPortid(portid).setStrictChk(strictChk).build();
        return call(trace, () -> Futures.of(stub(address).dumpit(req)))
                .thenApply(r -> new DumpResult(r.getErrno(), bytes(r.getMessagesList()), false, r.getAnswerFlags(),
                        r.getExtack().isEmpty() ? null : r.getExtack()));
    }

    @Override
    public CompletableFuture<DumpResult> sockDiagDump(String address, Cred cred, byte[] nlmsg, int portid,
            Trace trace) {
        SockDiagDumpRequest req = SockDiagDumpRequest.newBuilder().setCred(cred).setNlmsg(ByteString.copyFrom(nlmsg))
                .setPortid(portid).build();
        return call(trace, () -> Futures.of(stub(address).sockDiagDump(req)))
                .thenApply(r -> new DumpResult(r.getErrno(), bytes(r.getMessagesList()), r.getStartFailed()));
    }

    private static <T> CompletableFuture<T> call(Trace trace, java.util.function.Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> f;
        try {
            f = trace.within(call);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.handle((r, t) -> {
            if (t == null) {
                return r;
            }
            Throwable e = Futures.unwrap(t);
            Status.Code code = Status.fromThrowable(e).getCode();
            if (code == Status.Code.CANCELLED || code == Status.Code.DEADLINE_EXCEEDED) {
                throw new Interrupted();
            }
            Status status = Status.fromThrowable(e);
            throw new HandlerGone(status.toString(), e, vkernel.contract.Resend.connectionLost(status));
        });
    }

    private static List<byte[]> bytes(List<ByteString> in) {
        List<byte[]> out = new ArrayList<>(in.size());
        for (ByteString b : in) {
            out.add(b.toByteArray());
        }
        return out;
    }
}
