package vkernel.inet.grpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import vkernel.inet.core.fib.RtmRoute;
import vkernel.kernel.trace.Trace;
import vkernel.netlink.v1.DoitRequest;
import vkernel.netlink.v1.DoitResponse;
import vkernel.netlink.v1.DumpitRequest;
import vkernel.netlink.v1.DumpitResponse;
import vkernel.netlink.v1.Notification;
import vkernel.netlink.v1.RtnetlinkHandlerServiceGrpc;
import vkernel.netlink.v1.SockDiagDumpRequest;
import vkernel.netlink.v1.SockDiagDumpResponse;
import vkernel.inet.core.InetDiag;

/** The PF_INET rtnetlink handlers (route doit and dumpit) and the AF_INET sock_diag handler for netlink-service. */
@GrpcService
public class RtnetlinkHandlerImpl extends RtnetlinkHandlerServiceGrpc.RtnetlinkHandlerServiceImplBase {
    @Inject
    InetStack stack;

    @Override
    public void doit(DoitRequest req, StreamObserver<DoitResponse> out) {
        Trace t = stack.step("inet_rtm_doit", req.getCred()).field("portid", req.getPortid());
        RtmRoute.DoitResult r = stack.af().rtnlDoit(req.getCred(), req.getNlmsg().toByteArray(), req.getPortid(),
                req.getStrictChk(), t);
        t.endErrno(r.errno());
        DoitResponse.Builder b = DoitResponse.newBuilder().setErrno(r.errno());
        if (r.extack() != null) {
            b.setExtack(r.extack());
        }
        for (RtmRoute.Notification n : r.notifications()) {
            b.addNotifications(Notification.newBuilder().setGroup(n.group()).setNlmsg(ByteString.copyFrom(n.nlmsg())));
        }
        for (byte[] reply : r.replies()) {
            b.addReplies(ByteString.copyFrom(reply));
        }
        stack.reply(out, b.build());
    }

    @Override
    public void dumpit(DumpitRequest req, StreamObserver<DumpitResponse> out) {
        Trace t = stack.step("inet_dump_fib", req.getCred()).field("portid", req.getPortid());
        RtmRoute.DumpResult r = stack.af().rtnlDumpit(req.getCred(), req.getNlmsg().toByteArray(), req.getPortid(),
                req.getStrictChk(), t);
        t.end(r.messages().size(), r.errno());
        DumpitResponse.Builder b = DumpitResponse.newBuilder().setErrno(r.errno()).setAnswerFlags(r.answerFlags());
        if (r.extack() != null) {
            b.setExtack(r.extack());
        }
        for (byte[] m : r.messages()) {
            b.addMessages(ByteString.copyFrom(m));
        }
        stack.reply(out, b.build());
    }

    @Override
    public void sockDiagDump(SockDiagDumpRequest req, StreamObserver<SockDiagDumpResponse> out) {
        Trace t = stack.step("inet_diag_handler_cmd", req.getCred()).field("portid", req.getPortid());
        InetDiag.Result r = stack.af().sockDiag(req.getCred(), req.getNlmsg().toByteArray(), req.getPortid(), t);
        t.end(r.messages().size(), r.errno());
        SockDiagDumpResponse.Builder b = SockDiagDumpResponse.newBuilder().setErrno(r.errno())
                .setStartFailed(r.startFailed());
        for (byte[] m : r.messages()) {
            b.addMessages(ByteString.copyFrom(m));
        }
        stack.reply(out, b.build());
    }
}
