package vkernel.socket.core;

import vkernel.kernel.state.StateChanges;
import vkernel.kernel.trace.RecordingTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vkernel.cred.v1.Cred;
import vkernel.uapi.Socket;

/** socket-service's core on fakes: vfs-service with fds 0-2 open on a tty, AF_INET and AF_NETLINK registered. */
final class Fixture {
    static final Cred CRED = Cred.newBuilder().setPid(42).setNetns(7).build();
    static final String INET = "inet:7003";
    static final String NETLINK = "netlink:7004";

    final FakeVfs vfs;
    final FakeFamily inet;
    final FakeFamily netlink;
    long now = 1000;
    /** Retries of releases, run by hand ({@link #runRetries}). */
    final List<Runnable> retries = new ArrayList<>();
    final StateChanges changes;
    final Sockfs fs;
    final SockCreate create;
    final SockSyscall syscalls;
    final SockfsFileOps fileOps;

    Fixture() {
        this(StateChanges.DISCARD);
        register();
    }

    /** A core whose tables are recorded into changes, on fresh fakes; no family registered yet. */
    Fixture(StateChanges changes) {
        this(changes, new FakeVfs(), new FakeFamily(), new FakeFamily());
        for (int fd = 0; fd < 3; fd++) {
            vfs.openOther(fd, "devpts");
        }
    }

    /** A fresh core (a restarted socket-service) in front of the same vfs-service and families. */
    Fixture(StateChanges changes, FakeVfs vfs, FakeFamily inet, FakeFamily netlink) {
        this.changes = changes;
        this.vfs = vfs;
        this.inet = inet;
        this.netlink = netlink;
        this.fs = new Sockfs(vfs, Map.of(INET, inet, NETLINK, netlink)::get, () -> now, changes, (ms, r) -> retries.add(r));
        this.create = new SockCreate(fs);
        this.syscalls = new SockSyscall(fs);
        this.fileOps = new SockfsFileOps(fs);
    }

    void register() {
        fs.families().register(Socket.AF_INET, INET, "inet-1", now);
        fs.families().register(Socket.AF_NETLINK, NETLINK, "netlink-1", now);
    }

    /** Runs the release retries due now; returns how many ran. */
    int runRetries() {
        List<Runnable> due = new ArrayList<>(retries);
        retries.clear();
        due.forEach(Runnable::run);
        return due.size();
    }

    /** socket(AF_INET, type, 0) that must succeed: its fd. */
    int socket(int type) {
        SysRet r = create.socket(CRED, Socket.AF_INET, type, 0, new RecordingTrace("socket")).join();
        if (r.ret() < 0) {
            throw new AssertionError("socket failed: " + r.errno());
        }
        return (int) r.ret();
    }

    /** Inodes vfs-service holds beyond the tty's three. */
    int extraInodes() {
        return vfs.inodes.size() - 3;
    }
}
