package vkernel.netlink.core;

/**
 * Where a broadcast goes besides this instance's own members: the other netlink-service
 * instances (and any reader of vkernel.netlink.PROTOCOL). publish must not block.
 */
public interface MulticastBus {
    /**
     * One broadcast: the protocol and namespace it happened in, the group, the sender's
     * portid (0 for the kernel), the portid netlink_broadcast excludes, and the bytes.
     */
    record Multicast(int protocol, long netns, int group, int portid, int excludePortid, byte[] data) {}

    void publish(Multicast m);

    MulticastBus NONE = m -> { };
}
