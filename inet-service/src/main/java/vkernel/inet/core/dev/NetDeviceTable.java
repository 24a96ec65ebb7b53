package vkernel.inet.core.dev;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A namespace's devices (net/core/dev.c): dev_by_index, the name hash, and ifindex
 * allocation as dev_index_reserve does it (xa_alloc_cyclic from net->ifindex: per
 * namespace, increasing, the loopback first). Guarded by the namespace lock.
 */
public final class NetDeviceTable {
    private final TreeMap<Integer, NetDevice> byIndex = new TreeMap<>();
    private final Map<String, NetDevice> byName = new HashMap<>();
    /** net->ifindex: where the next search for a free index starts. */
    private int nextIfindex = 1;
    private final NetDevice loopback;

    /** loopback_net_init: lo, registered first; up only where the namespace is born with it up (init_net). */
    public NetDeviceTable(boolean loopbackUp) {
        loopback = NetDevice.newLoopback(loopbackUp);
        register(loopback, true);
    }

    /** net->loopback_dev. */
    public NetDevice loopback() {
        return loopback;
    }

    /** dev_get_by_index. */
    public NetDevice getByIndex(int ifindex) {
        return byIndex.get(ifindex);
    }

    /** dev_get_by_name (__dev_get_by_name). */
    public NetDevice getByName(String name) {
        return byName.get(name);
    }

    /** for_each_netdev_dump: the devices in ifindex order. */
    public Collection<NetDevice> all() {
        return byIndex.values();
    }

    /** dev_index_reserve with no index asked: the first free one from net->ifindex on, wrapping past INT_MAX. */
    int newIndex() {
        int i = nextIfindex;
        while (byIndex.containsKey(i)) {
            i = i == Integer.MAX_VALUE ? 1 : i + 1;
        }
        return i;
    }

    /**
     * list_netdevice: the device joins both tables; allocated, an index moves the next
     * search past it (xa_alloc_cyclic), one asked for does not (xa_insert).
     */
    void register(NetDevice dev, boolean allocated) {
        byIndex.put(dev.ifindex, dev);
        byName.put(dev.name, dev);
        if (allocated) {
            nextIfindex = dev.ifindex == Integer.MAX_VALUE ? 1 : dev.ifindex + 1;
        }
    }

    /** unlist_netdevice. */
    void unregister(NetDevice dev) {
        byIndex.remove(dev.ifindex);
        byName.remove(dev.name);
    }

    /** dev_change_name's rehash. */
    void rename(NetDevice dev, String name) {
        byName.remove(dev.name);
        dev.name = name;
        byName.put(name, dev);
    }

    public int nextIfindex() {
        return nextIfindex;
    }

    /** The hint as a restore found it recorded. */
    void restoreNextIfindex(int next) {
        nextIfindex = next;
    }
}
