package vkernel.inet.core.dev;

import com.google.protobuf.ByteString;
import vkernel.inet.core.Net;
import vkernel.state.v1.InIfaddrRecord;
import vkernel.state.v1.NetDeviceRecord;
import vkernel.state.v1.NetDeviceTableRecord;

/**
 * The devices on the state topic: a record per device (netdev/&lt;netns&gt;/&lt;ifindex&gt;)
 * with its addresses, written when it changes, deleted with it; and the table's next
 * ifindex (netdevs/&lt;netns&gt;). The loopback as a namespace is born with it is not
 * recorded until it changes. A restore puts each recorded device back as it was; its
 * routes come back with the FIB's own records.
 */
public final class DevState {
    private DevState() {}

    public static String key(long netns, int ifindex) {
        return "netdev/" + netns + "/" + ifindex;
    }

    public static String tableKey(long netns) {
        return "netdevs/" + netns;
    }

    /** The device (or the addresses on it) changed, or it is gone. */
    public static void changed(Net net, NetDevice dev) {
        if (net.journal().recording()) {
            NetDeviceTable table = net.devices();
            net.journal().key(key(net.id, dev.ifindex), () -> table.getByIndex(dev.ifindex) == dev ? record(dev) : null);
            net.journal().key(tableKey(net.id),
                    () -> NetDeviceTableRecord.newBuilder().setNextIfindex(table.nextIfindex()).build());
        }
    }

    private static NetDeviceRecord record(NetDevice dev) {
        NetDeviceRecord.Builder b = NetDeviceRecord.newBuilder().setIfindex(dev.ifindex).setName(dev.name)
                .setKind(dev.kind == null ? "" : dev.kind).setFlags(dev.flags).setMtu(dev.mtu).setTxqlen(dev.txqlen)
                .setAddress(ByteString.copyFrom(dev.address)).setQdisc(dev.qdisc);
        for (InIfaddr ifa : dev.ifaList) {
            b.addAddresses(InIfaddrRecord.newBuilder().setLocal(ifa.local()).setAddress(ifa.address())
                    .setBroadcast(ifa.broadcast()).setPrefixlen(ifa.prefixlen()).setFlags(ifa.flags())
                    .setScope(ifa.scope()).setLabel(ifa.label()).setCstamp(ifa.cstamp()).setTstamp(ifa.tstamp()));
        }
        return b.build();
    }

    /** A recorded device, in place of what the fresh namespace had at its index (the loopback). */
    public static void restore(NetDeviceTable table, NetDeviceRecord r) {
        NetDevice dev = table.getByIndex(r.getIfindex());
        if (dev == null) {
            dev = NetDevice.ether(r.getIfindex(), r.getName(), r.getKind(), r.getAddress().toByteArray());
            table.register(dev, false);
        } else if (!dev.name.equals(r.getName())) {
            table.rename(dev, r.getName());
        }
        dev.flags = r.getFlags();
        dev.mtu = r.getMtu();
        dev.txqlen = r.getTxqlen();
        dev.qdisc = r.getQdisc();
        dev.ifaList.clear();
        for (InIfaddrRecord a : r.getAddressesList()) {
            dev.ifaList.add(new InIfaddr(a.getLocal(), a.getAddress(), a.getBroadcast(), a.getPrefixlen(), a.getFlags(),
                    a.getScope(), a.getLabel(), a.getCstamp(), a.getTstamp()));
        }
    }

    public static void restore(NetDeviceTable table, NetDeviceTableRecord r) {
        table.restoreNextIfindex(r.getNextIfindex());
    }
}
