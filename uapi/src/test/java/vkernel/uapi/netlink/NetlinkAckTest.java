package vkernel.uapi.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static vkernel.uapi.Netlink.NLMSGERR_ATTR_MSG;
import static vkernel.uapi.Netlink.NLMSG_ERROR;
import static vkernel.uapi.Netlink.NLM_F_ACK_TLVS;
import static vkernel.uapi.Netlink.NLM_F_CAPPED;
import static vkernel.uapi.Netlink.NLM_F_MULTI;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The messages netlink_ack and netlink_dump write (moved from netlink-service's
 * NlmsgTest), byte for byte against what Linux 6.18 sent the conformance oracle (the
 * escaped strings are its recv output).
 */
class NetlinkAckTest {
    /** RTM_GETROUTE with NLM_F_REQUEST|NLM_F_ACK and a zero rtmsg, seq 31. */
    private static byte[] getroute() {
        byte[] rtm = new byte[12];
        rtm[0] = 2;
        return NlMsgBuilder.put(26, 0x5, 31, 0, rtm);
    }

    @Test
    void aSuccessAckIsCappedToTheRequestHeader() {
        byte[] req = NlMsgBuilder.put(1, 0x5, 7, 0, new byte[0]);
        byte[] ack = NlMsgBuilder.ack(req, 0x3e55, 0, false, List.of());
        assertEquals("$\\x00\\x00\\x00\\x02\\x00\\x00\\x01\\x07\\x00\\x00\\x00U>\\x00\\x00\\x00\\x00\\x00\\x00"
                + "\\x10\\x00\\x00\\x00\\x01\\x00\\x05\\x00\\x07\\x00\\x00\\x00\\x00\\x00\\x00\\x00", Hex.quoted(ack));
    }

    @Test
    void anErrorAckCarriesTheWholeRequest() {
        byte[] req = getroute();
        byte[] ack = NlMsgBuilder.ack(req, 0x3e55, -22, false, List.of());
        assertEquals(20 + req.length, ack.length);
        NlMsgHdr h = NlMsgHdr.peek(ack, 0);
        assertEquals(new NlMsgHdr(48, NLMSG_ERROR, 0, 31, 0x3e55), h);
        assertEquals(-22, Le.s32(ack, 16));
        assertArrayEquals(req, Arrays.copyOfRange(ack, 20, 48));
    }

    @Test
    void aFortyFourByteRequestGetsASixtyFourByteError() {
        assertEquals(64, NlMsgBuilder.ack(NlMsgBuilder.put(24, 0x605, 2, 0, new byte[28]), 9, -17, false, List.of())
                .length);
        byte[] capped = NlMsgBuilder.ack(NlMsgBuilder.put(24, 0x605, 2, 0, new byte[28]), 9, -17, true, List.of());
        assertEquals(36, capped.length);
        assertEquals(NLM_F_CAPPED, NlMsgHdr.peek(capped, 0).flags());
    }

    @Test
    void anUnalignedRequestIsEchoedPadded() {
        byte[] req = Arrays.copyOf(NlMsgBuilder.put(200, 0x5, 1, 0, new byte[1]), 17);
        byte[] ack = NlMsgBuilder.ack(req, 1, -95, false, List.of());
        assertEquals(40, ack.length);
        assertEquals(40, NlMsgHdr.peek(ack, 0).len());
        assertEquals(17, NlMsgHdr.peek(ack, 20).len());
    }

    @Test
    void theExtendedAckMessageIsANulTerminatedTlv() {
        // rtnetlink's "Bulk delete is not supported" as the oracle received it, seq 1, pid 0x2f61.
        byte[] body = new byte[12];
        body[0] = 2;
        byte[] req = NlMsgBuilder.put(25, 0x205, 1, 0, body);
        byte[] ack = NlMsgBuilder.ack(req, 0x2f61, -95, false,
                List.of(RtAttr.string(NLMSGERR_ATTR_MSG, "Bulk delete is not supported")));
        assertEquals("T\\x00\\x00\\x00\\x02\\x00\\x00\\x02\\x01\\x00\\x00\\x00a/\\x00\\x00\\xa1\\xff\\xff\\xff"
                + "\\x1c\\x00\\x00\\x00\\x19\\x00\\x05\\x02\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x00\\x00"
                + "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00!\\x00\\x01\\x00Bulk delete is not supported\\x00\\x00\\x00\\x00",
                Hex.quoted(ack));
        byte[] capped = NlMsgBuilder.ack(req, 0x2f61, -95, true,
                List.of(RtAttr.string(NLMSGERR_ATTR_MSG, "Bulk delete is not supported")));
        assertEquals(72, capped.length);
        assertEquals(NLM_F_CAPPED | NLM_F_ACK_TLVS, NlMsgHdr.peek(capped, 0).flags());
    }

    @Test
    void theAckParsesBackAsAnNlmsgerr() {
        byte[] req = getroute();
        NlMsg ack = NlMsgParser.parse(NlMsgBuilder.ack(req, 7, -22, false, List.of())).get(0);
        NlMsgErr err = ack.nlmsgerr();
        assertEquals(-22, err.error());
        assertEquals(NlMsgHdr.decode(req, 0), err.msg());
        assertArrayEquals(Arrays.copyOfRange(req, 16, 28), err.msgPayload());
    }

    @Test
    void doneIsTwentyBytesWithTheStatus() {
        assertEquals("\\x14\\x00\\x00\\x00\\x03\\x00\\x02\\x00\\x05\\x00\\x00\\x00\\x07:\\x00\\x00\\x00\\x00\\x00\\x00",
                Hex.quoted(NlMsgBuilder.done(NLM_F_MULTI, 5, 0x3a07, 0)));
        assertEquals(-90, Le.s32(NlMsgBuilder.done(2, 1, 1, -90), 16));
    }

    @Test
    void headersAreReadOnlyWhenWhole() {
        assertNull(NlMsgHdr.peek(new byte[15], 0));
        assertNull(NlMsgHdr.peek(new byte[20], 5));
        NlMsgHdr h = NlMsgHdr.peek(
                Hex.unquote("\\xff\\xff\\xff\\xff\\x10\\x00\\x05\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00"), 0);
        assertEquals(0xffffffffL, h.length());
        assertEquals(16, h.type());
        assertEquals(0xffffffffL - 16, h.payloadLength());
    }

    @Test
    void attributesStopAtTheFirstThatDoesNotFit() {
        byte[] b = new byte[24];
        new RtAttr(1, new byte[] {1, 2, 3}).writeTo(b, 0);
        new RtAttr(2, new byte[4]).writeTo(b, 8);
        Le.put16(b, 16, 200); // runs past the end
        List<RtAttr> a = NlMsgParser.walkAttributes(b, 0, b.length);
        assertEquals(2, a.size());
        assertArrayEquals(new byte[] {1, 2, 3}, a.get(0).payload());
        assertEquals(8, a.get(0).totalSize());
    }

    @Test
    void aDatagramPadsEachMessage() {
        byte[] d = NlMsgBuilder.datagram(List.of(new byte[17], new byte[16]));
        assertEquals(36, d.length);
    }

    @Test
    void putPadsAndPaddedLeavesAlignedMessagesAlone() {
        byte[] m = NlMsgBuilder.put(24, 0x5, 1, 2, new byte[] {9});
        assertEquals("110000001800050001000000020000000900" + "0000", Hex.hex(m));
        assertEquals(20, NlMsgBuilder.padded(Arrays.copyOf(m, 17)).length);
        byte[] aligned = new byte[20];
        assertEquals(aligned, NlMsgBuilder.padded(aligned));
    }
}
