package vkernel.sdk;

import java.util.OptionalLong;

/**
 * How to create a task: its name (comm), credentials, capabilities and network
 * namespace. Immutable; each setter returns a copy.
 *
 * <pre>
 * kernel.spawn(SpawnOptions.named("user").uid(1000).gid(1000).capabilities(0));
 * </pre>
 *
 * @param capabilities the cap_effective mask; empty for the kernel's default (all for
 *        uid 0, none otherwise)
 * @param unshareNet unshare(CLONE_NEWNET): a new network namespace, born as Linux makes one,
 *        with lo down and no address
 * @param loopbackUp with unshareNet: then `ip link set lo up` there (127.0.0.1/8 and its
 *        routes), as a container runtime does, by a short-lived root task in the namespace
 * @param netns the namespace to join when not unsharing (0: the initial one)
 */
public record SpawnOptions(String comm, int uid, int gid, OptionalLong capabilities, boolean unshareNet,
        boolean loopbackUp, long netns) {
    public static SpawnOptions named(String comm) {
        return new SpawnOptions(comm, 0, 0, OptionalLong.empty(), false, false, 0);
    }

    /** A new network namespace with lo up, where 127.0.0.1 works: what a scenario's processes share. */
    public SpawnOptions newNetnsWithLoopback() {
        return new SpawnOptions(comm, uid, gid, capabilities, true, true, 0);
    }

    public SpawnOptions uid(int newUid) {
        return new SpawnOptions(comm, newUid, gid, capabilities, unshareNet, loopbackUp, netns);
    }

    public SpawnOptions gid(int newGid) {
        return new SpawnOptions(comm, uid, newGid, capabilities, unshareNet, loopbackUp, netns);
    }

    /** cap_effective as a mask of 1 &lt;&lt; CAP_X bits. */
    public SpawnOptions capabilities(long mask) {
        return new SpawnOptions(comm, uid, gid, OptionalLong.of(mask), unshareNet, loopbackUp, netns);
    }

    /** The kernel's default: all capabilities for uid 0, none otherwise. */
    public SpawnOptions defaultCapabilities() {
        return new SpawnOptions(comm, uid, gid, OptionalLong.empty(), unshareNet, loopbackUp, netns);
    }

    public SpawnOptions unshareNet(boolean unshare) {
        return new SpawnOptions(comm, uid, gid, capabilities, unshare, loopbackUp, netns);
    }

    /** With unshareNet: bring the new namespace's lo up (ip link set lo up) before the task is handed back. */
    public SpawnOptions loopbackUp(boolean up) {
        return new SpawnOptions(comm, uid, gid, capabilities, unshareNet, up, netns);
    }

    /** setns(2) into this namespace (a SpawnResponse's netns); turns unshareNet off. */
    public SpawnOptions joinNetns(long ns) {
        return new SpawnOptions(comm, uid, gid, capabilities, false, false, ns);
    }
}
