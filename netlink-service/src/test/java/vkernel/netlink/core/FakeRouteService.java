package vkernel.netlink.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Netlink;
import vkernel.uapi.netlink.Le;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgHdr;

/**
 * A family service in miniature, standing in for inet-service: a table of routes keyed
 * by (dst, len), RTM_NEWROUTE/RTM_DELROUTE doits that notify RTNLGRP_IPV4_ROUTE and a
 * RTM_GETROUTE dumpit. Answers synchronously; can be told to fail like a dead service.
 */
class FakeRouteService implements RtnlHandlerClient {
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;
    static final int RTNLGRP_IPV4_ROUTE = 7;

    final Map<String, byte[]> routes = new TreeMap<>();
    final List<String> calls = new ArrayList<>();
    boolean gone;
    int extraRoutes;
    /** The dump's end: its error and extack text (ip_valid_fib_dump_req's table check, say). */
    Errno dumpErrno = Errno.ERRNO_UNSPECIFIED;
    String dumpExtack;

    private static String key(byte[] msg) {
        // rtm_dst_len and the first attribute's payload (RTA_DST) identify a route here.
        return (msg[17] & 0xff) + "/" + (msg.length >= 36 ? Le.s32(msg, 32) : 0);
    }

    @Override
    public CompletableFuture<DoitResult> doit(String address, Cred cred, byte[] nlmsg, int portid, boolean strictChk,
            Trace trace) {
        calls.add("doit " + address);
        if (gone) {
            return CompletableFuture.failedFuture(new HandlerGone("gone", null, false));
        }
        NlMsgHdr h = NlMsgHdr.peek(nlmsg, 0);
        if (nlmsg.length < 28) {
            return done(Errno.ERRNO_EINVAL);
        }
        String k = key(nlmsg);
        if (h.type() == RTM_NEWROUTE) {
            if (routes.containsKey(k) && (h.flags() & 0x200) != 0) {
                return done(Errno.ERRNO_EEXIST);
            }
            byte[] route = route(RTM_NEWROUTE, withTable(nlmsg), h.flags() & 0x600, h.seq(), portid);
            routes.put(k, route);
            return notify(h, route);
        }
        if (h.type() == RTM_DELROUTE) {
            byte[] old = routes.remove(k);
            if (old == null) {
                return done(Errno.ERRNO_ESRCH);
            }
            return notify(h, route(RTM_DELROUTE, withTable(nlmsg), 0, h.seq(), portid));
        }
        if (h.type() == RTM_GETROUTE) {
            return CompletableFuture.completedFuture(new DoitResult(Errno.ERRNO_UNSPECIFIED, List.of(),
                    List.of(route(RTM_NEWROUTE, nlmsg, 0, h.seq(), portid))));
        }
        return done(Errno.ERRNO_EOPNOTSUPP);
    }

    private static CompletableFuture<DoitResult> notify(NlMsgHdr h, byte[] route) {
        List<byte[]> replies = (h.flags() & Netlink.NLM_F_ECHO) != 0 ? List.of(route) : List.of();
        return CompletableFuture.completedFuture(new DoitResult(Errno.ERRNO_UNSPECIFIED,
                List.of(new Notification(RTNLGRP_IPV4_ROUTE, route)), replies));
    }

    private static CompletableFuture<DoitResult> done(Errno e) {
        return CompletableFuture.completedFuture(new DoitResult(e, List.of(), List.of()));
    }

    /** The request with RTA_TABLE appended, as rtmsg_fib always puts it. */
    static byte[] withTable(byte[] request) {
        byte[] b = java.util.Arrays.copyOf(request, request.length + 8);
        Le.put16(b, request.length, 8);
        Le.put16(b, request.length + 2, 15);
        Le.put32(b, request.length + 4, 254);
        return b;
    }

    /** The request's body under a new header: a 52-byte RTM_*ROUTE as the kernel would send. */
    static byte[] route(int type, byte[] request, int flags, int seq, int portid) {
        byte[] body = java.util.Arrays.copyOfRange(request, 16, request.length);
        return NlMsgBuilder.put(type, flags, seq, portid, body);
    }

    @Override
    public CompletableFuture<DumpResult> dumpit(String address, Cred cred, byte[] nlmsg, int portid, boolean strictChk,
            Trace trace) {
        calls.add("dumpit " + address);
        if (gone) {
            return CompletableFuture.failedFuture(new HandlerGone("gone", null, false));
        }
        NlMsgHdr h = NlMsgHdr.peek(nlmsg, 0);
        List<byte[]> out = new ArrayList<>();
        for (byte[] r : routes.values()) {
            out.add(route(RTM_NEWROUTE, r, Netlink.NLM_F_MULTI, h.seq(), portid));
        }
        for (int i = 0; i < extraRoutes; i++) {
            byte[] body = new byte[44];
            body[0] = 2;
            Le.put32(body, 16, i);
            out.add(NlMsgBuilder.put(RTM_NEWROUTE, Netlink.NLM_F_MULTI, h.seq(), portid, body));
        }
        return CompletableFuture.completedFuture(new DumpResult(dumpErrno, out, false, 0, dumpExtack));
    }

    @Override
    public CompletableFuture<DumpResult> sockDiagDump(String address, Cred cred, byte[] nlmsg, int portid,
            Trace trace) {
        calls.add("sockdiag " + address);
        NlMsgHdr h = NlMsgHdr.peek(nlmsg, 0);
        byte[] body = new byte[72];
        body[0] = 2;
        return CompletableFuture.completedFuture(new DumpResult(Errno.ERRNO_UNSPECIFIED,
                List.of(NlMsgBuilder.put(20, Netlink.NLM_F_MULTI, h.seq(), portid, body))));
    }
}
