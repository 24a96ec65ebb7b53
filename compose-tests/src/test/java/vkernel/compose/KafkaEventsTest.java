package vkernel.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.grpc.Metadata;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.event.v1.KernelEvent;
import vkernel.socket.v1.SocketRequest;
import vkernel.socket.v1.SocketResponse;
import vkernel.testkit.RawKernelClient;
import vkernel.uapi.Socket;
import vkernel.vfs.v1.SpawnRequest;
import vkernel.vfs.v1.SpawnResponse;

/**
 * The layers publish every step to the Kafka container, and a client on the host reads
 * them from the broker's published port as JSON: one socket() call, traced from the host.
 */
class KafkaEventsTest {
    private static final List<String> TOPICS = List.of("vkernel.vfs.events", "vkernel.socket.events", "vkernel.inet.events");

    @Test
    void aSocketCallIsReadBackFromKafkaByItsTraceId() throws Exception {
        ComposeStack stack = ComposeStack.get();
        String traceId = Events.newTraceId();
        String clientSpan = "00f067aa0ba902b7";
        Metadata trace = RawKernelClient.traceparent(traceId, clientSpan);
        SpawnResponse task;
        SocketResponse r;
        try (RawKernelClient c = stack.client()) {
            task = c.spawn(SpawnRequest.newBuilder().setComm("events").setUnshareNet(true).build(), trace);
            r = c.sockets(task.getToken(), trace).socket(SocketRequest.newBuilder()
                    .setDomain(Socket.AF_INET).setType(Socket.SOCK_STREAM).build());
            c.exit(task.getToken());
        }
        boolean created = r.getRet() >= 0;
        List<KernelEvent> events = Events.trace(stack.kafkaReader(), TOPICS, traceId,
                found -> has(found, "spawn") && has(found, "socket") && (!created || has(found, "fd_install")), Duration.ofSeconds(30));

        KernelEvent spawn = find(events, "spawn");
        assertNotNull(spawn, "vfs-service's spawn event in " + Events.describe(events));
        assertEquals("vfs", spawn.getLayer());
        assertEquals(task.getPid(), spawn.getResult(), "spawn returns the pid");

        KernelEvent socket = find(events, "socket");
        assertNotNull(socket, "socket-service's socket event in " + Events.describe(events));
        assertEquals("socket", socket.getLayer());
        assertEquals(clientSpan, socket.getParentSpanId(), "the call is a child of the client's span");
        assertEquals(task.getPid(), socket.getPid(), "names the calling task");
        assertEquals(r.getRet(), socket.getResult(), "the event carries the call's result");
        assertEquals(r.getErrno(), socket.getErrno());
        if (created) {
            KernelEvent install = find(events, "fd_install");
            assertNotNull(install, "vfs-service's fd_install in " + Events.describe(events));
            assertEquals("vfs", install.getLayer());
            assertEquals(Long.toString(r.getRet()), install.getObjectsOrThrow("fd"));
        }
    }

    private static boolean has(List<KernelEvent> events, String function) {
        return find(events, function) != null;
    }

    private static KernelEvent find(List<KernelEvent> events, String function) {
        for (KernelEvent e : events) {
            if (e.getFunction().equals(function)) {
                return e;
            }
        }
        return null;
    }
}
