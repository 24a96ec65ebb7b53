package vkernel.uapi.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import vkernel.uapi.If;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;

class LinkUpTest {
    @Test
    void theRequestIsIproute2sSetLinkUp() {
        byte[] m = LinkUp.request(LinkUp.LOOPBACK_IFINDEX, 7);
        NlMsgHdr h = NlMsgHdr.decode(m, 0);
        assertEquals(Rtnetlink.RTM_NEWLINK, h.type());
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, h.flags());
        assertEquals(7, h.seq());
        assertEquals(m.length, h.len());
        assertEquals(new IfInfoMsg(0, 0, 0, 1, If.IFF_UP, If.IFF_UP), IfInfoMsg.decode(m, NlMsgHdr.SIZE));
    }

    @Test
    void theAnswersErrnoIsReadFromItsNlmsgerr() {
        NlMsgHdr req = NlMsgHdr.decode(LinkUp.request(1, 1), 0);
        byte[] eperm = new NlMsgBuilder(Netlink.NLMSG_ERROR, 0, 1, 0).fixed(new NlMsgErr(-1, req, new byte[0]).encode()).build();
        byte[] ok = new NlMsgBuilder(Netlink.NLMSG_ERROR, 0, 1, 0).fixed(new NlMsgErr(0, req, new byte[0]).encode()).build();
        assertEquals(1, LinkUp.errnoOf(eperm));
        assertEquals(0, LinkUp.errnoOf(ok));
        assertEquals(-1, LinkUp.errnoOf(new byte[4]), "no answer of netlink's");
    }
}
