package vkernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vkernel.net.v1.Field;
import vkernel.net.v1.InspectResponse;
import vkernel.socket.v1.InspectSocketResponse;

/** vk ss's lines from fixed sockets: ss -tunap's columns and states, and the same as JSON. */
class SsTest {
    private static InspectSocketResponse sock(Map<String, String> fields) {
        InspectResponse.Builder d = InspectResponse.newBuilder();
        fields.forEach((k, v) -> d.addFields(Field.newBuilder().setStructName("sock").setName(k).setValue(v)));
        return InspectSocketResponse.newBuilder().setFamily(2).setType(1).setSockDetail(d).build();
    }

    private static final List<Ss.Socket> SOCKETS = List.of(
            new Ss.Socket(sock(Map.of("sk_protocol", "6", "sk_state", "TCP_LISTEN", "sk_ack_backlog", "1",
                    "sk_max_ack_backlog", "128", "inet_rcv_saddr", "0.0.0.0", "inet_num", "8080")),
                    List.of(new Ss.User("a", 3, 3), new Ss.User("b", 4, 5))),
            new Ss.Socket(sock(Map.of("sk_protocol", "6", "sk_state", "TCP_ESTABLISHED", "rcv_queue", "5 bytes",
                    "sk_wmem_queued", "0 bytes", "inet_rcv_saddr", "127.0.0.1", "inet_num", "40000",
                    "inet_daddr", "127.0.0.1", "inet_dport", "8080")), List.of(new Ss.User("a", 3, 4))),
            new Ss.Socket(sock(Map.of("sk_protocol", "17", "sk_state", "7", "sk_rmem_alloc", "768")),
                    List.of(new Ss.User("c\"q", 9, 3))),
            new Ss.Socket(sock(Map.of("sk_protocol", "1")), List.of(new Ss.User("ping", 9, 4))));

    @Test
    void textIsSsTunap() {
        assertEquals("""
                Netid State      Recv-Q Send-Q Local Address:Port    Peer Address:Port     Process
                tcp   LISTEN     1      128    0.0.0.0:8080          0.0.0.0:*             users:(("a",pid=3,fd=3),("b",pid=4,fd=5))
                tcp   ESTAB      5      0      127.0.0.1:40000       127.0.0.1:8080        users:(("a",pid=3,fd=4))
                udp   UNCONN     768    0      0.0.0.0:*             0.0.0.0:*             users:(("c"q",pid=9,fd=3))
                """, ProcFormatTest.printed(o -> Ss.print(Ss.lines(SOCKETS), false, o)));
    }

    @Test
    void jsonHasTheSameFieldsWithTheTasksAsObjects() {
        String json = ProcFormatTest.printed(o -> Ss.print(Ss.lines(SOCKETS.subList(1, 3)), true, o));
        assertEquals("""
                [
                  {
                    "netid": "tcp",
                    "state": "ESTAB",
                    "recv_q": 5,
                    "send_q": 0,
                    "local": "127.0.0.1:40000",
                    "peer": "127.0.0.1:8080",
                    "process": [
                      {
                        "comm": "a",
                        "pid": 3,
                        "fd": 4
                      }
                    ]
                  },
                  {
                    "netid": "udp",
                    "state": "UNCONN",
                    "recv_q": 768,
                    "send_q": 0,
                    "local": "0.0.0.0:*",
                    "peer": "0.0.0.0:*",
                    "process": [
                      {
                        "comm": "c\\"q",
                        "pid": 9,
                        "fd": 3
                      }
                    ]
                  }
                ]
                """, json);
    }

    @Test
    void noSocketsIsTheHeaderOrAnEmptyArray() {
        assertEquals("[]\n", ProcFormatTest.printed(o -> Ss.print(List.of(), true, o)));
        assertEquals(1, ProcFormatTest.printed(o -> Ss.print(List.of(), false, o)).lines().count());
    }
}
