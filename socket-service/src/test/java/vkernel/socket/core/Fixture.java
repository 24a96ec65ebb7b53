package vkernel.socket.core;

import vkernel.kernel.trace.RecordingTrace;
import java.util.Map;
import vkernel.cred.v1.Cred;
import vkernel.uapi.Socket;

/** socket-service's core on fakes: vfs-service with fds 0-2 open on a tty, AF_INET and AF_NETLINK registered. */
final class Fixture {
    static final Cred CRED = Cred.newBuilder().setPid(42).build();
    static final String INET = "inet:7003";
    static final String NETLINK = "netlink:7004";

    final FakeVfs vfs = new FakeVfs();
    final FakeFamily inet = new FakeFamily();
    final FakeFamily netlink = new FakeFamily();
    long now = 1000;
    final Sockfs fs = new Sockfs(vfs, Map.of(INET, inet, NETLINK, netlink)::get, () -> now);
    final SockCreate create = new SockCreate(fs);
    final SockSyscall syscalls = new SockSyscall(fs);
    final SockfsFileOps fileOps = new SockfsFileOps(fs);

    Fixture() {
        for (int fd = 0; fd < 3; fd++) {
            vfs.openOther(fd, "devpts");
        }
        fs.families().register(Socket.AF_INET, INET, "inet-1", now);
        fs.families().register(Socket.AF_NETLINK, NETLINK, "netlink-1", now);
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
