package vkernel.cli;

import io.grpc.StatusRuntimeException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vkernel.net.v1.Field;
import vkernel.socket.v1.InspectSocketResponse;
import vkernel.vfs.v1.FdInfo;
import vkernel.vfs.v1.TaskInfo;

/**
 * vk ss: the TCP and UDP sockets of every task, as `ss -tunap` prints them: netid,
 * state, the queues, both ends, and the tasks holding an fd on it. Built the way ss
 * builds it: the sockets from a sock_diag dump per namespace ({@link InetDiagDump}), the
 * tasks from the fd tables of vfs-service (ss reads /proc/PID/fd). Without a sock_diag
 * handler it reads each task's sockets from socket-service and its family's service, as
 * ss falls back to /proc/net/tcp.
 */
final class Ss {
    private static final String FORMAT = "%-5s %-10s %-6s %-6s %-21s %-21s %s%n";

    private Ss() {}

    /** A task holding an fd on a socket: ss's ("comm",pid=,fd=). */
    record User(String comm, int pid, int fd) {
        @Override
        public String toString() {
            return "(\"" + comm + "\",pid=" + pid + ",fd=" + fd + ")";
        }
    }

    /** One socket: its sock fields and the tasks holding it. */
    record Socket(InspectSocketResponse sock, List<User> users) {}

    /** One line of ss -tunap. */
    record Line(String netid, String state, String recvQ, String sendQ, String local, String peer, List<User> users) {}

    /** Every AF_INET socket some task (of netns {@code netnsOnly}, if not null) holds, in the order of pid and fd. */
    static List<Socket> sockets(Inspect k, Long netnsOnly) {
        Map<Long, Socket> byIno = new LinkedHashMap<>();
        for (TaskInfo t : k.tasks().stream().sorted((a, b) -> Integer.compare(a.getPid(), b.getPid())).toList()) {
            if (netnsOnly != null && t.getNetns() != netnsOnly) {
                continue;
            }
            List<FdInfo> fds;
            try {
                fds = k.fds(t.getPid()).getFdsList();
            } catch (IllegalArgumentException e) {
                continue; // exited while we were reading
            }
            for (FdInfo f : fds) {
                if (!f.getFsType().equals("sockfs")) {
                    continue;
                }
                Socket row = byIno.get(f.getIno());
                if (row == null) {
                    InspectSocketResponse s;
                    try {
                        s = k.socket(f.getIno());
                    } catch (StatusRuntimeException e) {
                        s = null;
                    }
                    if (s == null || s.getFamily() != vkernel.uapi.Socket.AF_INET) {
                        continue;
                    }
                    row = new Socket(s, new ArrayList<>());
                    byIno.put(f.getIno(), row);
                }
                row.users().add(new User(t.getComm(), t.getPid(), f.getFd()));
            }
        }
        return new ArrayList<>(byIno.values());
    }

    /** ss's state names (sstate_name in misc/ss.c), by TCP state number. */
    private static final String[] SSTATE_NAME = {"UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2",
        "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "NEW-SYN-RECV"};

    /** The tasks holding an fd on each sockfs inode, in the order of pid and fd (ss's /proc/PID/fd walk). */
    static Map<Long, List<User>> users(Inspect k) {
        Map<Long, List<User>> byIno = new LinkedHashMap<>();
        for (TaskInfo t : k.tasks().stream().sorted((a, b) -> Integer.compare(a.getPid(), b.getPid())).toList()) {
            List<FdInfo> fds;
            try {
                fds = k.fds(t.getPid()).getFdsList();
            } catch (IllegalArgumentException e) {
                continue; // exited while we were reading
            }
            for (FdInfo f : fds) {
                if (f.getFsType().equals("sockfs")) {
                    byIno.computeIfAbsent(f.getIno(), i -> new ArrayList<>()).add(new User(t.getComm(), t.getPid(), f.getFd()));
                }
            }
        }
        return byIno;
    }

    /** ss's lines for sock_diag's answers (TCP then UDP, in the kernel's order), with the tasks holding each. */
    static List<Line> diagLines(List<InetDiagDump.Sock> socks, Map<Long, List<User>> users) {
        List<Line> lines = new ArrayList<>();
        for (InetDiagDump.Sock s : socks) {
            String netid = s.protocol() == vkernel.uapi.In.IPPROTO_TCP ? "tcp" : "udp";
            String state = s.state() < SSTATE_NAME.length ? SSTATE_NAME[s.state()] : "UNKNOWN";
            List<User> u = s.inode() == 0 ? List.of() : users.getOrDefault(s.inode(), List.of());
            lines.add(new Line(netid, state, Integer.toUnsignedString(s.rqueue()), Integer.toUnsignedString(s.wqueue()),
                    end(vkernel.sdk.SockAddr.formatIpv4(s.src()), Integer.toString(s.sport())),
                    end(vkernel.sdk.SockAddr.formatIpv4(s.dst()), Integer.toString(s.dport())), u));
        }
        return lines;
    }

    /** ss's lines for these sockets: TCP and UDP only (raw and ping sockets are not -tu). */
    static List<Line> lines(List<Socket> sockets) {
        List<Line> lines = new ArrayList<>();
        for (Socket r : sockets) {
            Map<String, String> f = new TreeMap<>();
            for (Field field : r.sock().getSockDetail().getFieldsList()) {
                f.put(field.getName(), field.getValue());
            }
            String netid = switch (f.getOrDefault("sk_protocol", "")) {
                case "6" -> "tcp";
                case "17" -> "udp";
                default -> null;
            };
            if (netid == null) {
                continue;
            }
            boolean listening = "TCP_LISTEN".equals(f.get("sk_state"));
            String recvQ = netid.equals("udp") ? f.getOrDefault("sk_rmem_alloc", "0")
                    : listening ? f.getOrDefault("sk_ack_backlog", "0") : bytes(f.get("rcv_queue"));
            String sendQ = netid.equals("udp") ? "0"
                    : listening ? f.getOrDefault("sk_max_ack_backlog", "0") : bytes(f.get("sk_wmem_queued"));
            lines.add(new Line(netid, state(netid, f.get("sk_state")), recvQ, sendQ,
                    end(f.get("inet_rcv_saddr"), f.get("inet_num")), end(f.get("inet_daddr"), f.get("inet_dport")), r.users()));
        }
        return lines;
    }

    /** The lines as ss -tunap prints them, or with --output json as an array of the same fields. */
    static void print(List<Line> lines, boolean json, PrintStream out) {
        if (json) {
            List<Object> rows = new ArrayList<>();
            for (Line l : lines) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("netid", l.netid());
                m.put("state", l.state());
                m.put("recv_q", number(l.recvQ()));
                m.put("send_q", number(l.sendQ()));
                m.put("local", l.local());
                m.put("peer", l.peer());
                List<Object> users = new ArrayList<>();
                for (User u : l.users()) {
                    Map<String, Object> um = new LinkedHashMap<>();
                    um.put("comm", u.comm());
                    um.put("pid", u.pid());
                    um.put("fd", u.fd());
                    users.add(um);
                }
                m.put("process", users);
                rows.add(m);
            }
            out.println(Json.write(rows));
            return;
        }
        out.printf(FORMAT, "Netid", "State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port", "Process");
        for (Line l : lines) {
            // ss prints the process column only for a socket some task holds (not a TIME-WAIT one)
            out.printf(FORMAT, l.netid(), l.state(), l.recvQ(), l.sendQ(), l.local(), l.peer(), l.users().isEmpty() ? ""
                    : "users:(" + String.join(",", l.users().stream().map(User::toString).toList()) + ")");
        }
    }

    /** ss's state names: TCP's without the prefix; UDP is UNCONN until connected (ESTAB). */
    private static String state(String netid, String skState) {
        if (netid.equals("udp")) {
            return "1".equals(skState) ? "ESTAB" : "UNCONN";
        }
        String s = skState == null ? "?" : skState.replace("TCP_", "");
        return switch (s) {
            case "ESTABLISHED" -> "ESTAB";
            case "CLOSE" -> "UNCONN";
            case "CLOSE_WAIT" -> "CLOSE-WAIT";
            case "FIN_WAIT1" -> "FIN-WAIT-1";
            case "FIN_WAIT2" -> "FIN-WAIT-2";
            case "SYN_SENT" -> "SYN-SENT";
            case "SYN_RECV" -> "SYN-RECV";
            case "TIME_WAIT" -> "TIME-WAIT";
            case "LAST_ACK" -> "LAST-ACK";
            default -> s;
        };
    }

    /** addr:port as ss -n prints them, * for a port not set. */
    private static String end(String addr, String port) {
        return (addr == null ? "0.0.0.0" : addr) + ":" + (port == null || port.equals("0") ? "*" : port);
    }

    /** A queue as a JSON number, or as the text the kernel gave when it is not one. */
    private static Object number(String v) {
        return v.matches("[0-9]{1,18}") ? (Object) Long.valueOf(v) : v;
    }

    private static String bytes(String v) {
        return v == null ? "0" : v.replace(" bytes", "");
    }
}
