package vkernel.net.core;

/**
 * Network namespace ids as vfs-service hands them out (struct net's ns.inum, here a
 * plain counter): init_net is the first; unshare(CLONE_NEWNET) takes the next.
 */
public final class NetNs {
    /** init_net: where every task starts, the one a booted machine has brought lo up in. */
    public static final long INIT_NETNS = 1;

    private NetNs() {}
}
