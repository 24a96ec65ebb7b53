package vkernel.netlink.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;
import vkernel.netlink.core.AfNetlink;
import vkernel.netlink.core.MulticastBus;
import vkernel.netlink.core.RtnlHandlerTable;
import vkernel.uapi.Capability;
import vkernel.uapi.SockaddrNl;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.NlMsgBuilder;

/** A record on vkernel.netlink.route, as another instance wrote it, reaching this instance's members. */
class MulticastConsumerTest {
    private final AfNetlink af = new AfNetlink(new RtnlHandlerTable(3000), null, MulticastBus.NONE, new Random(1),
            () -> 0L);
    private final MulticastConsumer consumer = new MulticastConsumer("unused:1", "test", "me-instance", af,
            () -> java.util.concurrent.CompletableFuture.completedFuture(null));

    private static ConsumerRecord<String, byte[]> record(String topic, byte[] value, String origin, String group,
            String netns) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(topic, 0, 0, netns, value);
        r.headers().add(MulticastHeaders.ORIGIN, origin.getBytes(StandardCharsets.US_ASCII));
        r.headers().add(MulticastHeaders.GROUP, group.getBytes(StandardCharsets.US_ASCII));
        r.headers().add(MulticastHeaders.NETNS, netns.getBytes(StandardCharsets.US_ASCII));
        r.headers().add(MulticastHeaders.PORTID, "0".getBytes(StandardCharsets.US_ASCII));
        r.headers().add(MulticastHeaders.EXCLUDE_PORTID, "0".getBytes(StandardCharsets.US_ASCII));
        return r;
    }

    @Test
    void recordsFromOtherInstancesReachMembers() {
        Cred c = Cred.newBuilder().setPid(9).setCapEffective(Capability.CAP_FULL_SET).setNetns(4).build();
        long s = af.create(c, Socket.SOCK_RAW, 0, 1, Trace.NONE).sock();
        assertEquals(Errno.ERRNO_UNSPECIFIED, af.bind(c, s, new SockaddrNl(0, 64).encode(), Trace.NONE));
        byte[] msg = NlMsgBuilder.put(24, 0, 0, 0, new byte[36]);
        consumer.deliver(record("vkernel.netlink.route", msg, "me-instance", "7", "4"));
        consumer.deliver(record("vkernel.netlink.route", msg, "other", "seven", "4"));
        consumer.deliver(record("vkernel.netlink.nosuch", msg, "other", "7", "4"));
        consumer.deliver(record("vkernel.netlink.route", msg, "other", "7", "4"));
        AfNetlink.Received r = af.recvmsg(s, 100, Socket.MSG_DONTWAIT, false).join();
        assertEquals(52, r.ret());
        assertEquals(new SockaddrNl(0, 64), SockaddrNl.decode(r.addr()));
        assertEquals(Errno.ERRNO_EAGAIN, af.recvmsg(s, 100, Socket.MSG_DONTWAIT, false).join().errno(),
                "its own records, bad headers and unknown protocols are skipped");
        assertEquals("vkernel.netlink.kobject_uevent", KafkaMulticast.topic(15));
    }
}
