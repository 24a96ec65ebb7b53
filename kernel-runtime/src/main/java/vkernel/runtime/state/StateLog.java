package vkernel.runtime.state;

import java.util.List;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import vkernel.kernel.state.StateChanges;
import vkernel.kernel.state.StateRecord;

/**
 * Writes a layer's state changes to its state topic, and tells each call when what it
 * may have seen is durable.
 *
 * <p>{@link #commit()} drains the core's pending changes and returns a future that
 * completes once every record written so far, by this call or any other, is acknowledged
 * (acks=all, idempotent): a call that read another call's unacknowledged change waits for
 * it too, so nothing a caller was told can vanish in a crash. Concurrent calls share
 * produce requests (group commit): records gather while a request is in flight.
 *
 * <p>The producer retries for as long as the broker is away; calls wait meanwhile (their
 * callers' deadlines bound them). A record the broker refuses for good (too large, not
 * authorised) leaves the tables ahead of their log, which no answer may build on: the
 * layer stops at once and restores from the log when started again (fail-stop).
 */
public final class StateLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StateLog.class);

    private final String topic;
    private final StateChanges changes;
    private final Durability durability;
    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService writer;
    private final ExecutorService answers;
    private final Object lock = new Object();
    /** Sequence of the last record handed to the producer. */
    private long written;
    /** Records handed to the producer and not yet acknowledged. */
    private final TreeSet<Long> unacknowledged = new TreeSet<>();
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>();
    private long acknowledged;
    /** How long a commit waits for a call whose changes it drained to write its answer. */
    static final long UNSETTLED_WAIT_MILLIS = 200;
    /** Set by {@link #close()}: nothing more is written, and no call answers on it. */
    private boolean closed;

    private record Waiter(long upTo, CompletableFuture<Void> done) implements Comparable<Waiter> {
        @Override
        public int compareTo(Waiter o) {
            return Long.compare(upTo, o.upTo);
        }
    }

    public StateLog(String bootstrap, String layer, String instanceId, StateChanges changes, Durability durability) {
        this.topic = StateTopic.name(layer);
        this.changes = changes;
        this.durability = durability;
        Properties p = vkernel.runtime.kafka.KafkaClientConfig.base(bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, layer + "-state-" + instanceId.substring(0, Math.min(8, instanceId.length())));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(vkernel.runtime.kafka.KafkaClientConfig.PRODUCER_BATCH_BYTES));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(StateTopic.MAX_RECORD_BYTES));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        // The state topic is made by StateTopic.ensure, compacted and with its partitions; a
        // broker's default topic (one partition, deleted by age) would lose state.
        p.put("allow.auto.create.topics", "false");
        // Retry as long as the broker is away: the calls wait, and none answers before its records are stored.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Long.MAX_VALUE));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L << 20));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        // One thread hands records to the producer in commit order: send() may block on
        // metadata while the broker is away, which must not hold a gRPC thread.
        this.writer = daemon(layer + "-state-writer");
        this.answers = daemon(layer + "-state-answers");
    }

    private static ExecutorService daemon(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    public String topic() {
        return topic;
    }

    public Durability durability() {
        return durability;
    }

    /**
     * Writes the pending changes; the future completes when they and every record written
     * before them are acknowledged (at once under async durability). Once the log is
     * closed it fails: the layer is stopping, and the call is to be sent again.
     */
    public CompletableFuture<Void> commit() {
        return commit(null);
    }

    /**
     * As {@link #commit()}, for the call whose answer is among the changes (its mark then
     * tells the commits that drained its earlier changes where its answer is). A commit
     * that drained changes of calls still running waits until their answers are written
     * and acknowledged as well; a call that takes longer than {@link #UNSETTLED_WAIT_MILLIS}
     * to answer (a blocking step after its change) is not waited for.
     */
    CompletableFuture<Void> commit(CallMark answering) {
        long upTo;
        List<Object> unsettled;
        synchronized (lock) {
            if (closed) {
                if (answering != null) {
                    answering.committed.complete(-1L);
                }
                return CompletableFuture.failedFuture(new IllegalStateException("the layer is stopping"));
            }
            StateChanges.Drained drained = changes.drainAttributed();
            for (StateRecord r : drained.records()) {
                long seq = ++written;
                unacknowledged.add(seq);
                writer.execute(() -> send(r, seq));
            }
            upTo = written;
            unsettled = drained.unsettled().stream().filter(c -> !((CallMark) c).awaitingRemote()).toList();
        }
        if (answering != null) {
            answering.committed.complete(upTo);
        }
        if (durability != Durability.SYNC) {
            return CompletableFuture.completedFuture(null);
        }
        if (unsettled.isEmpty()) {
            return durableUpTo(upTo);
        }
        CompletableFuture<?>[] answers = unsettled.stream()
                .map(c -> ((CallMark) c).committed.copy().completeOnTimeout(-1L, UNSETTLED_WAIT_MILLIS, TimeUnit.MILLISECONDS))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(answers).thenCompose(v -> {
            long last = upTo;
            for (CompletableFuture<?> a : answers) {
                last = Math.max(last, (Long) a.join());
            }
            return durableUpTo(last);
        });
    }

    /** Completes once every record up to seq is acknowledged. */
    private CompletableFuture<Void> durableUpTo(long seq) {
        synchronized (lock) {
            if (acknowledged >= seq) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> durable = new CompletableFuture<>();
            waiters.add(new Waiter(seq, durable));
            return durable;
        }
    }

    private void send(StateRecord r, long seq) {
        try {
            producer.send(new ProducerRecord<>(topic, StateTopic.partition(r.shard()), r.key(), r.value()), (md, e) -> {
                if (e != null) {
                    failStop(r, e);
                } else {
                    acknowledge(seq);
                }
            });
        } catch (RuntimeException e) {
            failStop(r, e);
        }
    }

    private void acknowledge(long seq) {
        List<Waiter> ready = new java.util.ArrayList<>();
        synchronized (lock) {
            unacknowledged.remove(seq);
            acknowledged = unacknowledged.isEmpty() ? written : unacknowledged.first() - 1;
            while (!waiters.isEmpty() && waiters.peek().upTo() <= acknowledged) {
                ready.add(waiters.poll());
            }
        }
        if (!ready.isEmpty()) {
            // not on the producer's network thread: the answers they release are sent from here
            answers.execute(() -> ready.forEach(w -> w.done().complete(null)));
        }
    }

    /** Records written and not yet acknowledged (a gauge; also what a graceful stop waits for). */
    public int unacknowledgedCount() {
        synchronized (lock) {
            return unacknowledged.size();
        }
    }

    private void failStop(StateRecord r, Exception e) {
        LOG.errorf(e, "state record %s refused by the broker: the tables are ahead of their log; stopping so that a restart restores from it", r.key());
        Runtime.getRuntime().halt(70);
    }

    /**
     * Stops writing: the records calls committed are sent and acknowledged (their answers
     * may still go out), and the changes no call committed yet are dropped, as a kill
     * would drop them. No answer was built on those (every answer commits what it may
     * have seen), and the change of a call still running must not become durable without
     * its recorded answer: its retry would run it a second time.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
