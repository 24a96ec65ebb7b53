package vkernel.runtime.state;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A layer's state topic, vkernel.&lt;layer&gt;.state: compacted, so it holds the latest value
 * of every live object and restore time follows the live objects, not the history.
 */
public final class StateTopic {
    /** Shards of a layer: the unit the scale-out will hand from one instance to another. */
    public static final int PARTITIONS = 16;
    /** The largest record: a sock with its queued bytes must fit. */
    public static final int MAX_RECORD_BYTES = 8 << 20;

    private StateTopic() {}

    public static String name(String layer) {
        return "vkernel." + layer + ".state";
    }

    /** The partition of a shard key (a network namespace, a process tree). */
    public static int partition(long shard) {
        return (int) Math.floorMod(shard, (long) PARTITIONS);
    }

    /** Creates the topic if it is missing; waits for the broker as long as it takes. */
    public static void ensure(String bootstrap, String topic, short replication) throws InterruptedException {
        Properties p = vkernel.runtime.kafka.KafkaClientConfig.base(bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        NewTopic t = new NewTopic(topic, PARTITIONS, replication).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1",
                TopicConfig.SEGMENT_MS_CONFIG, Long.toString(10 * 60_000L),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_RECORD_BYTES)));
        while (true) {
            try (Admin admin = Admin.create(p)) {
                try {
                    admin.createTopics(List.of(t)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                // An existing topic may still be on its way out (deleted a moment ago): only a
                // topic with all its partitions is the store.
                int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
                if (partitions == PARTITIONS) {
                    return;
                }
                throw new IllegalStateException(topic + " has " + partitions + " partitions, not " + PARTITIONS
                        + ": it was not made by vkernel; delete it, or restore it with its partitions");
            } catch (ExecutionException e) {
                Thread.sleep(500); // the broker is not there yet: a layer waits for its store
            } catch (org.apache.kafka.common.KafkaException e) {
                Thread.sleep(500);
            }
        }
    }
}
