package vkernel.uapi.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.uapi.Netlink.NLMSG_DONE;
import static vkernel.uapi.Netlink.NLMSG_ERROR;
import static vkernel.uapi.Netlink.NLM_F_ACK;
import static vkernel.uapi.Netlink.NLM_F_CREATE;
import static vkernel.uapi.Netlink.NLM_F_EXCL;
import static vkernel.uapi.Netlink.NLM_F_MULTI;
import static vkernel.uapi.Netlink.NLM_F_REQUEST;
import static vkernel.uapi.Rtnetlink.RTA_DST;
import static vkernel.uapi.Rtnetlink.RTA_OIF;
import static vkernel.uapi.Rtnetlink.RTM_NEWROUTE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NlMsgParserTest {
    private static final byte[] ADD = Hex.bytes(
            "2c00000018000506010000000000000002100000fe04fd0100000000080001000a0100000800040001000000");

    @Test
    void routeRequestRoundTrips() {
        List<NlMsg> msgs = NlMsgParser.parse(ADD);
        assertEquals(1, msgs.size());
        NlMsg m = msgs.get(0);
        assertEquals(new NlMsgHdr(44, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 1, 0),
                m.header());
        assertEquals(new RtMsg(2, 16, 0, 0, 254, 4, 253, 1, 0), m.rtmsg());
        List<RtAttr> attrs = m.attributes(RtMsg.SIZE);
        assertEquals(2, attrs.size());
        assertEquals(RTA_DST, attrs.get(0).type());
        assertEquals(0x0a010000, attrs.get(0).inAddr());
        assertEquals(RTA_OIF, attrs.get(1).type());
        assertEquals(1, attrs.get(1).u32());
        assertArrayEquals(ADD, m.encode());
    }

    @Test
    void walksADatagramOfSeveralMessages() {
        byte[] route = new NlMsgBuilder(RTM_NEWROUTE, NLM_F_MULTI, 5, 77)
                .rtmsg(new RtMsg(2, 8, 0, 0, 255, 2, 254, 2, 0)).attr(RtAttr.inAddr(RTA_DST, 0x7f000000)).build();
        byte[] done = new NlMsgBuilder(NLMSG_DONE, NLM_F_MULTI, 5, 77).fixed(new byte[4]).build();
        byte[] d = NlMsgBuilder.datagram(route, route, done);
        List<NlMsg> msgs = NlMsgParser.parse(d);
        assertEquals(3, msgs.size());
        assertEquals(NLMSG_DONE, msgs.get(2).type());
        assertEquals(0, msgs.get(2).errorField());
        assertEquals(msgs, NlMsgParser.walk(d, d.length));
    }

    @Test
    void errorAckCarriesTheRequestHeader() {
        NlMsg request = NlMsgParser.parse(ADD).get(0);
        byte[] ack = new NlMsgBuilder(NLMSG_ERROR, 0x100, 1, 4242)
                .fixed(NlMsgErr.answering(0, request, true).encode()).build();
        assertEquals(36, ack.length);
        byte[] eexist = new NlMsgBuilder(NLMSG_ERROR, 0, 1, 4242)
                .fixed(NlMsgErr.answering(-17, request, false).encode()).build();
        assertEquals(64, eexist.length);
        NlMsgErr e = NlMsgParser.parse(eexist).get(0).nlmsgerr();
        assertEquals(-17, e.error());
        assertEquals(request.header(), e.msg());
        assertArrayEquals(request.payload(), e.msgPayload());
        assertEquals(0, NlMsgParser.parse(ack).get(0).errorField());
    }

    @Test
    void shortPaddingAfterTheLastMessageIsAccepted() {
        byte[] m = new NlMsgBuilder(0x10, 0, 0, 0).fixed(new byte[] {1}).build(); // 17 bytes, unpadded
        assertEquals(1, NlMsgParser.parse(m).size());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 16, 27, 43})
    void truncatedDatagramIsRejectedButWalkStops(int cut) {
        byte[] t = Arrays.copyOf(ADD, cut);
        assertThrows(NetlinkFormatException.class, () -> NlMsgParser.parse(t));
        assertTrue(NlMsgParser.walk(t, t.length).isEmpty());
    }

    @Test
    void lengthBelowHeaderIsRejected() {
        byte[] bad = ADD.clone();
        le32(bad, 0, 15);
        assertThrows(NetlinkFormatException.class, () -> NlMsgParser.parse(bad));
        assertTrue(NlMsgParser.walk(bad, bad.length).isEmpty());
    }

    @Test
    void hugeLengthIsRejectedWithoutReadingPastTheEnd() {
        byte[] bad = ADD.clone();
        le32(bad, 0, 0xfffffff0);
        assertThrows(NetlinkFormatException.class, () -> NlMsgParser.parse(bad));
        assertTrue(NlMsgParser.walk(bad, bad.length).isEmpty());
    }

    @Test
    void trailingGarbageAfterAGoodMessageIsRejectedByParseOnly() {
        byte[] d = Arrays.copyOf(ADD, ADD.length + 8);
        assertThrows(NetlinkFormatException.class, () -> NlMsgParser.parse(d));
        assertEquals(1, NlMsgParser.walk(d, d.length).size());
    }

    @Test
    void attributeRunningPastTheMessageIsRejected() {
        byte[] bad = ADD.clone();
        bad[36] = 12; // RTA_OIF claims 12 bytes, 8 are left
        NlMsg m = NlMsgParser.parse(bad).get(0);
        assertThrows(NetlinkFormatException.class, () -> m.attributes(RtMsg.SIZE));
        byte[] p = m.payload();
        assertEquals(1, NlMsgParser.walkAttributes(p, 12, p.length - 12).size());
    }

    @Test
    void attributeShorterThanItsHeaderIsRejected() {
        byte[] bad = ADD.clone();
        bad[28] = 3;
        NlMsg m = NlMsgParser.parse(bad).get(0);
        assertThrows(NetlinkFormatException.class, () -> m.attributes(RtMsg.SIZE));
        byte[] p = m.payload();
        assertTrue(NlMsgParser.walkAttributes(p, 12, p.length - 12).isEmpty());
    }

    @Test
    void structsShorterThanTheirSizeAreRejected() {
        NlMsg tiny = NlMsgParser.parse(new NlMsgBuilder(NLMSG_ERROR, 0, 0, 0).fixed(new byte[3]).build()).get(0);
        assertThrows(NetlinkFormatException.class, tiny::errorField);
        assertThrows(NetlinkFormatException.class, tiny::nlmsgerr);
        assertThrows(NetlinkFormatException.class, tiny::rtmsg);
        assertThrows(NetlinkFormatException.class, () -> tiny.attributes(RtMsg.SIZE));
        assertThrows(NetlinkFormatException.class, () -> new RtAttr(RTA_OIF, new byte[2]).u32());
        assertThrows(NetlinkFormatException.class, () -> NlMsgHdr.decode(new byte[15], 0));
    }

    @Test
    void outOfRangeArgumentsAreRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> NlMsgParser.parse(ADD, ADD.length + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> NlMsgParser.attributes(ADD, 40, 8));
    }

    private static void le32(byte[] b, int off, int v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(off, v);
    }
}
