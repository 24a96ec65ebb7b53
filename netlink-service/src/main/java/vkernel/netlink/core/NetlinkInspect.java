package vkernel.netlink.core;

import java.util.ArrayList;
import java.util.List;

/** The fields of a netlink sock as vk inspect shows them: struct sock, then struct netlink_sock. */
final class NetlinkInspect {
    private NetlinkInspect() {}

    static List<String[]> fields(NetlinkSock sk) {
        List<String[]> f = new ArrayList<>();
        add(f, "sock", "sk_protocol", NetlinkProtocols.name(sk.protocol) + " (" + sk.protocol + ")");
        add(f, "sock", "sk_type", sk.type);
        add(f, "sock", "sk_state", sk.state == NetlinkSock.NETLINK_CONNECTED ? "NETLINK_CONNECTED" : "NETLINK_UNCONNECTED");
        add(f, "sock", "sk_rcvbuf", sk.rcvbuf);
        add(f, "sock", "sk_sndbuf", sk.sndbuf);
        add(f, "sock", "sk_rmem_alloc", sk.rmemAlloc);
        add(f, "sock", "sk_err", sk.err);
        add(f, "sock", "sk_drops", sk.drops);
        add(f, "sock", "netns", sk.netns);
        add(f, "netlink_sock", "portid", sk.portid);
        add(f, "netlink_sock", "bound", sk.bound);
        add(f, "netlink_sock", "dst_portid", Integer.toUnsignedString(sk.dstPortid));
        add(f, "netlink_sock", "dst_group", sk.dstGroup);
        add(f, "netlink_sock", "groups", groups(sk));
        add(f, "netlink_sock", "subscriptions", sk.subscriptions);
        add(f, "netlink_sock", "flags", "0x" + Integer.toHexString(sk.flags));
        add(f, "netlink_sock", "congested", sk.congested);
        add(f, "netlink_sock", "cb_running", sk.cb != null);
        add(f, "netlink_sock", "max_recvmsg_len", sk.maxRecvmsgLen);
        add(f, "netlink_sock", "receive_queue", sk.receiveQueue.size());
        return f;
    }

    private static String groups(NetlinkSock sk) {
        StringBuilder b = new StringBuilder();
        for (int g = 1; g <= sk.ngroups; g++) {
            if (sk.member(g)) {
                b.append(b.length() == 0 ? "" : ",").append(g);
            }
        }
        return b.length() == 0 ? "-" : b.toString();
    }

    private static void add(List<String[]> f, String struct, String name, Object value) {
        f.add(new String[] {struct, name, String.valueOf(value)});
    }
}
