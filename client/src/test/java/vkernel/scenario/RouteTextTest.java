package vkernel.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vkernel.uapi.Netlink.NLMSG_DONE;
import static vkernel.uapi.Netlink.NLMSG_ERROR;
import static vkernel.uapi.Netlink.NLM_F_MULTI;
import static vkernel.uapi.Rtnetlink.RTA_DST;
import static vkernel.uapi.Rtnetlink.RTA_GATEWAY;
import static vkernel.uapi.Rtnetlink.RTA_OIF;
import static vkernel.uapi.Rtnetlink.RTA_PRIORITY;
import static vkernel.uapi.Rtnetlink.RTA_TABLE;
import static vkernel.uapi.Rtnetlink.RTM_DELROUTE;
import static vkernel.uapi.Rtnetlink.RTM_NEWROUTE;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import vkernel.uapi.netlink.NlMsg;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgErr;
import vkernel.uapi.netlink.NlMsgParser;
import vkernel.uapi.netlink.RtAttr;
import vkernel.uapi.netlink.RtMsg;

class RouteTextTest {
    private static final Statement.Route ADD = new Statement.Route(true, 0x0a010000, 16, OptionalInt.empty(),
            OptionalLong.of(1), OptionalLong.empty());

    @Test
    void nlrouteBuildsWhatIproute2Sends() {
        assertEquals("2c00000018000506010000000000000002100000fe04fd0100000000080001000a0100000800040001000000",
                HexFormat.of().formatHex(NetlinkCalls.routeRequest(ADD, 1)));
        Statement.Route del = new Statement.Route(false, 0xc0a80500, 24, OptionalInt.of(0x0a000001),
                OptionalLong.of(3), OptionalLong.of(1000));
        assertEquals("3c00000019000500070000000000000002180000000400010000000008000100c0a80500"
                + "080005000a000001080004000300000008000f00e8030000",
                HexFormat.of().formatHex(NetlinkCalls.routeRequest(del, 7)));
    }

    @Test
    void smallTableGoesInRtmTableOnly() {
        Statement.Route r = new Statement.Route(true, 0, 0, OptionalInt.empty(), OptionalLong.empty(),
                OptionalLong.of(100));
        NlMsg m = NlMsgParser.parse(NetlinkCalls.routeRequest(r, 1)).get(0);
        assertEquals(100, m.rtmsg().table());
        assertEquals(1, m.attributes(RtMsg.SIZE).size());
    }

    @Test
    void dumpRequestIsTwentyEightBytes() {
        assertEquals("1c0000001a0001030200000000000000020000000000000000000000",
                HexFormat.of().formatHex(NetlinkCalls.dumpRequest(2)));
    }

    @Test
    void acksAndErrorsAsNlrecvPrintsThem() {
        NlMsg req = NlMsgParser.parse(NetlinkCalls.routeRequest(ADD, 1)).get(0);
        byte[] ack = nlmsgerr(0, req, true, 1);
        assertEquals("36 NLMSG_ERROR(seq=1,error=0)", RouteText.datagram(ack, ack.length));
        byte[] eexist = nlmsgerr(-17, req, false, 2);
        assertEquals("64 NLMSG_ERROR(seq=2,error=EEXIST)", RouteText.datagram(eexist, eexist.length));
        byte[] odd = nlmsgerr(-200, req, true, -1);
        assertEquals("36 NLMSG_ERROR(seq=4294967295,error=E200)", RouteText.datagram(odd, odd.length));
    }

    @Test
    void multicastRouteNotification() {
        byte[] d = route(RTM_NEWROUTE, 0, new RtMsg(2, 16, 0, 0, 254, 4, 253, 1, 0),
                RtAttr.u32(RTA_TABLE, 254), RtAttr.inAddr(RTA_DST, 0x0a040000), RtAttr.u32(RTA_OIF, 1));
        assertEquals(52, d.length);
        assertEquals("52 RTM_NEWROUTE(table=254 type=RTN_UNICAST dst=10.4.0.0/16 oif=1 proto=4 scope=253)",
                RouteText.datagram(d, d.length));
    }

    @Test
    void routeFields() {
        NlMsg m = NlMsgParser.parse(route(RTM_DELROUTE, 0, new RtMsg(2, 0, 0, 0, 0, 3, 0, 1, 0),
                RtAttr.u32(RTA_PRIORITY, 9), RtAttr.inAddr(RTA_GATEWAY, 0x0a000001), RtAttr.u32(RTA_TABLE, 1000),
                new RtAttr(RTA_OIF, new byte[2]))).get(0);
        // no RTA_DST: 0.0.0.0; RTA_TABLE wins over rtm_table; a short attribute is skipped
        assertEquals("table=1000 type=RTN_UNICAST dst=0.0.0.0/0 gw=10.0.0.1 proto=3 scope=0", RouteText.route(m));
        NlMsg odd = NlMsgParser.parse(route(RTM_NEWROUTE, 0, new RtMsg(2, 32, 0, 0, 255, 2, 254, 42, 0))).get(0);
        assertEquals("table=255 type=42 dst=0.0.0.0/32 proto=2 scope=254", RouteText.route(odd));
        NlMsg tiny = NlMsgParser.parse(new NlMsgBuilder(RTM_NEWROUTE, 0, 0, 0).fixed(new byte[8]).build()).get(0);
        assertEquals("RTM_NEWROUTE(?)", RouteText.message(tiny));
    }

    @Test
    void severalMessagesAndTruncation() {
        byte[] r = route(RTM_NEWROUTE, NLM_F_MULTI, new RtMsg(2, 8, 0, 0, 255, 2, 254, 2, 0),
                RtAttr.inAddr(RTA_DST, 0x7f000000));
        byte[] done = new NlMsgBuilder(NLMSG_DONE, NLM_F_MULTI, 1, 0).fixed(new byte[4]).build();
        byte[] other = new NlMsgBuilder(0x30, 0, 1, 0).build();
        byte[] d = NlMsgBuilder.datagram(r, done, other);
        assertEquals(d.length + " RTM_NEWROUTE(table=255 type=RTN_LOCAL dst=127.0.0.0/8 proto=2 scope=254)"
                + ";NLMSG_DONE;NLMSG(type=48)", RouteText.datagram(d, d.length));
        byte[] cut = Arrays.copyOf(d, d.length - 1);
        assertEquals(cut.length + " RTM_NEWROUTE(table=255 type=RTN_LOCAL dst=127.0.0.0/8 proto=2 scope=254)"
                + ";NLMSG_DONE", RouteText.datagram(cut, cut.length));
        assertEquals("0", RouteText.datagram(new byte[0], 0));
        assertEquals(List.of(), RouteText.messages(d, 10));
    }

    private static byte[] nlmsgerr(int error, NlMsg req, boolean capped, int seq) {
        return new NlMsgBuilder(NLMSG_ERROR, capped ? 0x100 : 0, seq, 1234)
                .fixed(NlMsgErr.answering(error, req, capped).encode()).build();
    }

    private static byte[] route(int type, int flags, RtMsg rtm, RtAttr... attrs) {
        NlMsgBuilder b = new NlMsgBuilder(type, flags, 1, 0).rtmsg(rtm);
        for (RtAttr a : attrs) {
            b.attr(a);
        }
        return b.build();
    }
}
