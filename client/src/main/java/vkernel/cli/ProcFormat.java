package vkernel.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vkernel.net.v1.Field;
import vkernel.socket.v1.InspectSocketResponse;
import vkernel.uapi.Constants;
import vkernel.vfs.v1.FdInfo;
import vkernel.vfs.v1.TaskInfo;

/**
 * How vk ps, vk ls and vk inspect print what {@link Inspect} read: as text (columns
 * like ps, ls -l /proc/PID/fd) or, with --output json, the same fields as JSON.
 * Plain functions of the data, so that both formats are tested with no kernel.
 */
final class ProcFormat {
    private ProcFormat() {}

    /** vk ps: one row per task, by pid. */
    static void ps(List<TaskInfo> tasks, boolean json, PrintStream out) {
        List<TaskInfo> byPid = tasks.stream().sorted(Comparator.comparingInt(TaskInfo::getPid)).toList();
        if (json) {
            List<Object> rows = new ArrayList<>();
            for (TaskInfo t : byPid) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pid", t.getPid());
                m.put("uid", Integer.toUnsignedLong(t.getUid()));
                m.put("gid", Integer.toUnsignedLong(t.getGid()));
                m.put("netns", t.getNetns());
                m.put("fds", t.getFdCount());
                m.put("caps", String.format("%016x", t.getCapEffective()));
                m.put("comm", t.getComm());
                rows.add(m);
            }
            out.println(Json.write(rows));
            return;
        }
        out.printf("%6s %6s %6s %6s %4s  %-16s %s%n", "PID", "UID", "GID", "NETNS", "FDS", "CAPS", "COMM");
        for (TaskInfo t : byPid) {
            out.printf("%6d %6d %6d %6d %4d  %016x %s%n", t.getPid(), t.getUid(), t.getGid(), t.getNetns(), t.getFdCount(),
                    t.getCapEffective(), t.getComm());
        }
    }

    /** vk ls PID: one line per fd, as ls -l /proc/PID/fd. */
    static void ls(List<FdInfo> fds, boolean json, PrintStream out) {
        if (json) {
            List<Object> rows = new ArrayList<>();
            for (FdInfo f : fds) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("fd", f.getFd());
                m.put("target", target(f));
                m.put("f_flags", fileFlags(f.getFFlags()));
                m.put("close_on_exec", f.getCloexec());
                rows.add(m);
            }
            out.println(Json.write(rows));
            return;
        }
        for (FdInfo f : fds) {
            out.printf("%d -> %s  %s%s%n", f.getFd(), target(f), fileFlags(f.getFFlags()), f.getCloexec() ? " close-on-exec" : "");
        }
    }

    /**
     * vk inspect PID FD: the file, its inode, and for a socket (when {@code s} is not
     * null) struct socket and its sock with every field the family reported.
     */
    static void inspect(FdInfo f, InspectSocketResponse s, boolean json, PrintStream out) {
        boolean sockfs = f.getFsType().equals("sockfs");
        String fOp = sockfs ? "socket_file_ops" : "null_fops";
        String iMode = sockfs ? "S_IFSOCK|0777" : "S_IFCHR|0666";
        if (!sockfs) {
            s = null;
        }
        if (!json) {
            out.printf("file    fd=%d f_flags=%s (0%o) f_count=%d close_on_exec=%d f_op=%s%n", f.getFd(), fileFlags(f.getFFlags()),
                    f.getFFlags(), f.getFCount(), f.getCloexec() ? 1 : 0, fOp);
            out.printf("inode   i_ino=%d i_mode=%s i_sb=%s%n", f.getIno(), iMode, f.getFsType());
            if (s == null) {
                return;
            }
            out.printf("socket  state=%s type=%s family=%s ops=%s sk=%d%n", s.getState(), name("SOCK_", s.getType()),
                    name("AF_", s.getFamily()), ops(s), s.getSock());
            out.printf("sock    prot=%s held by %s%n", s.getSockDetail().getProt(), s.getFamilyService());
            for (Field field : s.getSockDetail().getFieldsList()) {
                out.printf("  %-14s %-18s %s%n", field.getStructName(), field.getName(), field.getValue());
            }
            return;
        }
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("fd", f.getFd());
        file.put("f_flags", fileFlags(f.getFFlags()));
        file.put("f_flags_octal", String.format("0%o", f.getFFlags()));
        file.put("f_count", f.getFCount());
        file.put("close_on_exec", f.getCloexec());
        file.put("f_op", fOp);
        Map<String, Object> inode = new LinkedHashMap<>();
        inode.put("i_ino", f.getIno());
        inode.put("i_mode", iMode);
        inode.put("i_sb", f.getFsType());
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("file", file);
        all.put("inode", inode);
        if (s != null) {
            Map<String, Object> socket = new LinkedHashMap<>();
            socket.put("state", s.getState());
            socket.put("type", name("SOCK_", s.getType()));
            socket.put("family", name("AF_", s.getFamily()));
            socket.put("ops", ops(s));
            socket.put("sk", s.getSock());
            List<Object> fields = new ArrayList<>();
            for (Field field : s.getSockDetail().getFieldsList()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("struct", field.getStructName());
                m.put("name", field.getName());
                m.put("value", field.getValue());
                fields.add(m);
            }
            Map<String, Object> sock = new LinkedHashMap<>();
            sock.put("prot", s.getSockDetail().getProt());
            sock.put("held_by", s.getFamilyService());
            sock.put("fields", fields);
            all.put("socket", socket);
            all.put("sock", sock);
        }
        out.println(Json.write(all));
    }

    private static String ops(InspectSocketResponse s) {
        return s.getSockDetail().getOps().isEmpty() ? "?" : s.getSockDetail().getOps();
    }

    private static String target(FdInfo f) {
        return f.getFsType().equals("sockfs") ? "socket:[" + f.getIno() + "]" : "/dev/null";
    }

    private static String fileFlags(int flags) {
        String acc = switch (flags & 3) {
            case 0 -> "O_RDONLY";
            case 1 -> "O_WRONLY";
            default -> "O_RDWR";
        };
        return acc + ((flags & 04000) != 0 ? "|O_NONBLOCK" : "");
    }

    /** The C name of a constant with this prefix and value, or the number. */
    private static String name(String prefix, int value) {
        return Constants.all().entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && e.getValue() == value)
                .map(Map.Entry::getKey).sorted().findFirst().orElse(Integer.toString(value));
    }
}
