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
import vkernel.uapi.Socket;
import vkernel.vfs.v1.FdInfo;
import vkernel.vfs.v1.TaskInfo;

/**
 * vk ss: the TCP and UDP sockets of every task, as `ss -tunap` prints them: netid,
 * state, the queues, both ends, and the tasks holding an fd on it. Built the way ss
 * reads /proc: the fd tables from vfs-service, then each socket once, from
 * socket-service and its family's service.
 */
final class Ss {
    private static final String FORMAT = "%-5s %-10s %-6s %-6s %-21s %-21s %s%n";

    private Ss() {}

    /** One socket: its sock fields and the users:(("comm",pid=,fd=)) of ss. */
    private record Row(InspectSocketResponse sock, List<String> users) {}

    static int print(Inspect k, Long netnsOnly, PrintStream out) {
        Map<Long, Row> byIno = new LinkedHashMap<>();
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
                Row row = byIno.get(f.getIno());
                if (row == null) {
                    InspectSocketResponse s;
                    try {
                        s = k.socket(f.getIno());
                    } catch (StatusRuntimeException e) {
                        s = null;
                    }
                    if (s == null || s.getFamily() != Socket.AF_INET) {
                        continue;
                    }
                    row = new Row(s, new ArrayList<>());
                    byIno.put(f.getIno(), row);
                }
                row.users().add("(\"" + t.getComm() + "\",pid=" + t.getPid() + ",fd=" + f.getFd() + ")");
            }
        }
        out.printf(FORMAT, "Netid", "State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port", "Process");
        for (Row r : byIno.values()) {
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
                continue; // raw and ping sockets: not -tu
            }
            boolean listening = "TCP_LISTEN".equals(f.get("sk_state"));
            String recvQ = netid.equals("udp") ? f.getOrDefault("sk_rmem_alloc", "0")
                    : listening ? f.getOrDefault("sk_ack_backlog", "0") : bytes(f.get("rcv_queue"));
            String sendQ = netid.equals("udp") ? "0"
                    : listening ? f.getOrDefault("sk_max_ack_backlog", "0") : bytes(f.get("sk_wmem_queued"));
            out.printf(FORMAT, netid, state(netid, f.get("sk_state")), recvQ, sendQ,
                    end(f.get("inet_rcv_saddr"), f.get("inet_num")),
                    end(f.get("inet_daddr"), f.get("inet_dport")), "users:(" + String.join(",", r.users()) + ")");
        }
        return 0;
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

    private static String bytes(String v) {
        return v == null ? "0" : v.replace(" bytes", "");
    }
}
