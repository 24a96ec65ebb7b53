package vkernel.uapi.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static vkernel.uapi.Netlink.NLM_F_ACK;
import static vkernel.uapi.Netlink.NLM_F_CREATE;
import static vkernel.uapi.Netlink.NLM_F_DUMP;
import static vkernel.uapi.Netlink.NLM_F_EXCL;
import static vkernel.uapi.Netlink.NLM_F_REQUEST;
import static vkernel.uapi.Rtnetlink.RTA_DST;
import static vkernel.uapi.Rtnetlink.RTA_GATEWAY;
import static vkernel.uapi.Rtnetlink.RTA_OIF;
import static vkernel.uapi.Rtnetlink.RTA_TABLE;
import static vkernel.uapi.Rtnetlink.RTM_DELROUTE;
import static vkernel.uapi.Rtnetlink.RTM_GETROUTE;
import static vkernel.uapi.Rtnetlink.RTM_NEWROUTE;
import static vkernel.uapi.Rtnetlink.RTN_UNICAST;
import static vkernel.uapi.Rtnetlink.RTPROT_STATIC;
import static vkernel.uapi.Rtnetlink.RT_SCOPE_LINK;
import static vkernel.uapi.Rtnetlink.RT_SCOPE_UNIVERSE;
import static vkernel.uapi.Rtnetlink.RT_TABLE_MAIN;
import static vkernel.uapi.Rtnetlink.RT_TABLE_UNSPEC;
import static vkernel.uapi.Socket.AF_INET;

import org.junit.jupiter.api.Test;

/** Expected bytes come from the same request built in C with linux/rtnetlink.h macros. */
class NlMsgBuilderTest {
    @Test
    void nlrouteAddIsTheFortyFourBytesIproute2Sends() {
        // nlroute 3 add 10.1.0.0/16 dev 1, first request on the socket
        byte[] m = new NlMsgBuilder(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 1, 0)
                .rtmsg(new RtMsg(AF_INET, 16, 0, 0, RT_TABLE_MAIN, RTPROT_STATIC, RT_SCOPE_LINK, RTN_UNICAST, 0))
                .attr(RtAttr.inAddr(RTA_DST, 0x0a010000))
                .attrU32(RTA_OIF, 1)
                .build();
        assertEquals(44, m.length);
        assertEquals("2c000000" + "1800" + "0506" + "01000000" + "00000000"
                + "02100000fe04fd01" + "00000000"
                + "08000100" + "0a010000"
                + "08000400" + "01000000", Hex.hex(m));
    }

    @Test
    void deleteWithGatewayAndLargeTable() {
        byte[] m = new NlMsgBuilder(RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, 7, 0)
                .rtmsg(new RtMsg(AF_INET, 24, 0, 0, RT_TABLE_UNSPEC, RTPROT_STATIC, RT_SCOPE_UNIVERSE, RTN_UNICAST, 0))
                .attr(RtAttr.inAddr(RTA_DST, 0xc0a80500))
                .attr(RtAttr.inAddr(RTA_GATEWAY, 0x0a000001))
                .attrU32(RTA_OIF, 3)
                .attrU32(RTA_TABLE, 1000)
                .build();
        assertArrayEquals(Hex.bytes("3c00000019000500070000000000000002180000000400010000000008000100c0a80500"
                + "080005000a000001080004000300000008000f00e8030000"), m);
    }

    @Test
    void routeDumpRequestIsHeaderAndZeroRtmsg() {
        byte[] m = new NlMsgBuilder(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, 2, 0)
                .rtmsg(RtMsg.ofFamily(AF_INET)).build();
        assertArrayEquals(Hex.bytes("1c0000001a0001030200000000000000020000000000000000000000"), m);
    }

    @Test
    void oddPayloadIsPaddedAndCountedInNlmsgLen() {
        byte[] m = new NlMsgBuilder(0x10, 0, 0, 0).attr(9, new byte[] {1, 2, 3, 4, 5}).build();
        // 16 header + RTA_ALIGN(4 + 5) = 28, as addattr_l counts it
        assertEquals(28, m.length);
        assertEquals("1c000000100000000000000000000000" + "09000900" + "0102030405000000", Hex.hex(m));
    }

    @Test
    void unalignedFixedHeaderIsNotPaddedUntilAnAttributeFollows() {
        assertEquals(17, new NlMsgBuilder(0x10, 0, 0, 0).fixed(new byte[] {7}).build().length);
        byte[] m = new NlMsgBuilder(0x10, 0, 0, 0).fixed(new byte[] {7}).attrU32(1, 2).build();
        assertEquals("1c000000100000000000000000000000" + "07000000" + "0800010002000000", Hex.hex(m));
    }

    @Test
    void datagramPadsEveryMessage() {
        byte[] a = new NlMsgBuilder(0x10, 0, 1, 0).fixed(new byte[] {1}).build();
        byte[] b = new NlMsgBuilder(0x11, 0, 2, 0).build();
        byte[] d = NlMsgBuilder.datagram(a, b);
        assertEquals(20 + 16, d.length);
        assertEquals(2, NlMsgParser.parse(d).size());
    }

    @Test
    void doneAndErrorMessages() {
        assertEquals("14000000" + "0300" + "0200" + "05000000" + "4d000000" + "00000000",
                Hex.hex(NlMsgBuilder.done(0x2, 5, 77, 0)));
        byte[] req = new NlMsgBuilder(RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, 1, 0).build();
        NlMsg r = NlMsgParser.parse(req).get(0);
        byte[] esrch = NlMsgBuilder.error(0, 1, 77, NlMsgErr.answering(-3, r, false));
        assertEquals("24000000" + "0200" + "0000" + "01000000" + "4d000000" + "fdffffff"
                + "10000000" + "1900" + "0500" + "01000000" + "00000000", Hex.hex(esrch));
        assertEquals(-3, NlMsgParser.parse(esrch).get(0).errorField());
    }

    @Test
    void refusesFieldsThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> new NlMsgBuilder(0x10000, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RtAttr(1, new byte[70000]));
        assertThrows(IllegalArgumentException.class, () -> new RtMsg(256, 0, 0, 0, 0, 0, 0, 0, 0));
    }
}
