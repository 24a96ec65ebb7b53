package vkernel.vfs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vkernel.errno.v1.Errno.*;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Capability;
import vkernel.uapi.Fcntl;

/** fcntl(F_SETFL) as fs/fcntl.c:setfl checks it, and what F_GETFL reads back (Linux 6.18). */
class SetflTest {
    private static final int RDWR = Fcntl.O_RDWR;
    private static final int NULL_RD = Fcntl.O_RDONLY | Fcntl.O_LARGEFILE;

    private Vfs vfs;

    @BeforeEach
    void start() {
        vfs = new Vfs(1000);
    }

    /** caller: root, user (uid 1000, no capabilities), fowner (uid 1000 with CAP_FOWNER); file: own socket, root's socket, stdin. */
    @ParameterizedTest(name = "{0} F_SETFL {2} on {1}")
    @CsvSource({
        // O_DIRECT: no file here can do direct I/O; nothing else changes either
        "root,   own,   O_DIRECT,                 EINVAL, " + RDWR,
        "root,   own,   O_NONBLOCK|O_DIRECT,      EINVAL, " + RDWR,
        "root,   own,   -1,                       EINVAL, " + RDWR,
        "root,   stdin, O_DIRECT,                 EINVAL, " + NULL_RD,
        // bits outside SETFL_MASK are ignored, O_NDELAY is O_NONBLOCK
        "root,   own,   O_WRONLY|O_CLOEXEC|64|512, OK,    " + RDWR,
        "root,   own,   O_NDELAY|O_APPEND,        OK,     3074",
        // a socket's ->fasync keeps O_ASYNC; /dev/null has none, so it is dropped
        "root,   own,   O_ASYNC,                  OK,     8194",
        "user,   stdin, O_APPEND|O_ASYNC,         OK,     33792",
        // O_NOATIME: the inode's owner, or CAP_FOWNER
        "root,   own,   O_NOATIME,                OK,     262146",
        "user,   own,   O_NOATIME,                OK,     262146",
        "user,   root,  O_NOATIME,                EPERM,  " + RDWR,
        "user,   stdin, O_NOATIME|O_NONBLOCK,     EPERM,  " + NULL_RD,
        "user,   stdin, O_NONBLOCK,               OK,     34816",
        "fowner, stdin, O_NOATIME,                OK,     294912",
        "fowner, root,  O_NOATIME,                OK,     262146",
    })
    void setflThenGetfl(String caller, String file, String arg, String errno, int flags) {
        int uid = caller.equals("root") ? 0 : 1000;
        long caps = switch (caller) {
            case "root" -> Capability.CAP_FULL_SET;
            case "fowner" -> Capability.mask(Capability.CAP_FOWNER);
            default -> 0;
        };
        Task t = vfs.spawn("t", uid, uid, caps, false, 0).task();
        int fd = switch (file) {
            case "own" -> socket(t, uid);
            case "root" -> socket(t, 0);
            default -> 0;
        };
        Vfs.Result r = vfs.fcntl(t, fd, Fcntl.F_SETFL, flags(arg));
        assertEquals(errno.equals("OK") ? ERRNO_UNSPECIFIED : Errno.valueOf("ERRNO_" + errno), r.errno());
        assertEquals(errno.equals("OK") ? 0 : -1, r.ret());
        assertEquals(flags, vfs.fcntl(t, fd, Fcntl.F_GETFL, 0).ret());
    }

    private int socket(Task t, int owner) {
        Inode i = vfs.newInodePseudo(Vfs.SOCKFS, owner);
        return (int) vfs.fdInstall(t, i.ino(), Fcntl.O_RDWR, false).ret();
    }

    private static long flags(String arg) {
        long v = 0;
        for (String s : arg.split("\\|")) {
            v |= switch (s.trim()) {
                case "O_DIRECT" -> Fcntl.O_DIRECT;
                case "O_NONBLOCK" -> Fcntl.O_NONBLOCK;
                case "O_NDELAY" -> Fcntl.O_NDELAY;
                case "O_APPEND" -> Fcntl.O_APPEND;
                case "O_ASYNC" -> Fcntl.O_ASYNC;
                case "O_NOATIME" -> Fcntl.O_NOATIME;
                case "O_WRONLY" -> Fcntl.O_WRONLY;
                case "O_CLOEXEC" -> Fcntl.O_CLOEXEC;
                default -> Long.parseLong(s.trim());
            };
        }
        return v;
    }
}
