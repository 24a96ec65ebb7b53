package vkernel.uapi.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.uapi.IfAddr.IFA_ADDRESS;
import static vkernel.uapi.IfAddr.IFA_FLAGS;
import static vkernel.uapi.IfAddr.IFA_F_PERMANENT;
import static vkernel.uapi.IfAddr.IFA_LABEL;
import static vkernel.uapi.IfAddr.IFA_LOCAL;
import static vkernel.uapi.Netlink.NLM_F_MULTI;
import static vkernel.uapi.Rtnetlink.RTA_DST;
import static vkernel.uapi.Rtnetlink.RTA_METRICS;
import static vkernel.uapi.Rtnetlink.RTA_OIF;
import static vkernel.uapi.Rtnetlink.RTM_NEWADDR;
import static vkernel.uapi.Rtnetlink.RTM_NEWROUTE;
import static vkernel.uapi.Rtnetlink.RT_SCOPE_HOST;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the codec took over from netlink-service's and inet-service's own copies:
 * nested attributes, nla_type, struct ifaddrmsg, the lenient readers inet uses on a
 * request (nlmsg_data as rtmsg, nlmsg_for_each_attr) and Le. Exact bytes, no network.
 */
class CodecAdditionsTest {
    /** struct rtmsg for 10.0.0.0/8 in table main, RTN_UNICAST, as inet's requests carry. */
    private static final RtMsg RTM = new RtMsg(2, 8, 0, 0, 254, 4, 0, 1, 0);

    @Test
    void aNestedAttributeHoldsItsAttributesPadded() {
        // RTA_METRICS { RTAX_MTU 1500 } as rtnetlink_put_metrics writes it (nla_nest_start_noflag).
        RtAttr metrics = RtAttr.nestedNoflag(RTA_METRICS, List.of(RtAttr.u32(2, 1500)));
        byte[] b = new byte[metrics.totalSize()];
        metrics.writeTo(b, 0);
        assertEquals("0c000800" + "08000200dc050000", Hex.hex(b));
        assertFalse(metrics.isNested());
        assertEquals(List.of(RtAttr.u32(2, 1500)), metrics.nestedAttributes());

        RtAttr flagged = RtAttr.nested(1, List.of(new RtAttr(3, new byte[] {7})));
        b = new byte[flagged.totalSize()];
        flagged.writeTo(b, 0);
        assertEquals("0c000180" + "0500030007000000", Hex.hex(b));
        assertTrue(flagged.isNested());
        assertEquals(0x8001, flagged.type());
        assertEquals(1, flagged.nlaType());
    }

    @Test
    void aBadNestedAttributeIsRefused() {
        RtAttr bad = new RtAttr(RTA_METRICS, Hex.bytes("09000200dc050000"));
        assertThrows(NetlinkFormatException.class, bad::nestedAttributes);
    }

    @Test
    void nlaTypeDropsBothFlagBits() {
        assertEquals(5, new RtAttr(0xc005, new byte[0]).nlaType());
        assertEquals(5, new RtAttr(0x4005, new byte[0]).nlaType());
    }

    @Test
    void inetFillIfaddrForLo() {
        // lo's 127.0.0.1/8 as inet_fill_ifaddr writes it, IFA_CACHEINFO left out.
        byte[] m = new NlMsgBuilder(RTM_NEWADDR, NLM_F_MULTI, 9, 0x1234)
                .ifaddrmsg(new IfAddrMsg(2, 8, IFA_F_PERMANENT, RT_SCOPE_HOST, 1))
                .attrInAddr(IFA_ADDRESS, 0x7f000001).attrInAddr(IFA_LOCAL, 0x7f000001)
                .attr(RtAttr.string(IFA_LABEL, "lo")).attrU32(IFA_FLAGS, IFA_F_PERMANENT).build();
        assertEquals("38000000" + "1400" + "0200" + "09000000" + "34120000"
                + "020880fe01000000"
                + "080001007f000001" + "080002007f000001" + "070003006c6f0000" + "0800080080000000", Hex.hex(m));
        assertEquals(new IfAddrMsg(2, 8, 0x80, 254, 1), IfAddrMsg.decode(m, 16));
        assertThrows(NetlinkFormatException.class, () -> IfAddrMsg.decode(new byte[7], 0));
        assertThrows(IllegalArgumentException.class, () -> new IfAddrMsg(256, 0, 0, 0, 0));
    }

    @Test
    void rtmsgPeekNeedsTwelveBytesWithinNlmsgLen() {
        byte[] m = new NlMsgBuilder(RTM_NEWROUTE, 0x5, 1, 0).rtmsg(RTM).attrInAddr(RTA_DST, 0x0a000000).build();
        assertEquals(RTM, RtMsg.peek(m));
        assertNull(RtMsg.peek(new byte[15]));
        byte[] shortLen = m.clone();
        Le.put32(shortLen, 0, 27); // nlmsg_len leaves 11 bytes for the rtmsg
        assertNull(RtMsg.peek(shortLen));
        assertNull(RtMsg.peek(java.util.Arrays.copyOf(m, 27)), "nlmsg_len is bounded by the bytes there are");
    }

    @Test
    void nlmsgAttrsWalksWithinNlmsgLenAndStopsAtTheFirstBadOne() {
        byte[] m = new NlMsgBuilder(RTM_NEWROUTE, 0x5, 1, 0).rtmsg(RTM).attrInAddr(RTA_DST, 0x0a000000)
                .attrU32(RTA_OIF, 2).build();
        List<RtAttr> a = NlMsgParser.nlmsgAttrs(m, RtMsg.SIZE);
        assertEquals(List.of(RtAttr.inAddr(RTA_DST, 0x0a000000), RtAttr.u32(RTA_OIF, 2)), a);
        assertEquals(0x0a000000, a.get(0).inAddr());
        assertEquals(2, a.get(1).u32());

        byte[] cut = m.clone();
        Le.put32(cut, 0, 40); // nlmsg_len ends inside RTA_OIF
        assertEquals(1, NlMsgParser.nlmsgAttrs(cut, RtMsg.SIZE).size());
        byte[] bad = m.clone();
        Le.put16(bad, 36, 3); // RTA_OIF's rta_len below its header
        assertEquals(1, NlMsgParser.nlmsgAttrs(bad, RtMsg.SIZE).size());
        assertEquals(List.of(), NlMsgParser.nlmsgAttrs(new byte[8], RtMsg.SIZE));
        assertEquals(List.of(), NlMsgParser.nlmsgAttrs(java.util.Arrays.copyOf(m, 20), RtMsg.SIZE));
    }

    @Test
    void leReadsAndWritesHostOrder() {
        byte[] b = new byte[6];
        Le.put16(b, 0, 0x1234);
        Le.put32(b, 2, 0xfffffffe);
        assertEquals("3412feffffff", Hex.hex(b));
        assertEquals(0x1234, Le.u16(b, 0));
        assertEquals(-2, Le.s32(b, 2));
        assertEquals(0xff, Le.u8(b, 5));
        assertArrayEquals(Hex.bytes("78563412"), Le.u32(0x12345678));
    }

    @Test
    void headerWritesTheSameIntoArraysAndBuffers() {
        NlMsgHdr h = new NlMsgHdr(20, 3, 2, 5, 0x3a07);
        byte[] b = new byte[18];
        h.writeTo(b, 2);
        assertArrayEquals(h.encode(), java.util.Arrays.copyOfRange(b, 2, 18));
        assertEquals("140000000300020005000000073a0000", Hex.hex(h.encode()));
        assertEquals(4, h.payloadLength());
    }
}
