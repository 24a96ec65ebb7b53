package vkernel.trace;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How far vk trace has read each partition of the event topics, in publish time. The
 * layers publish on their own topics, so reading a backlog (--from-beginning) one
 * partition can be minutes ahead of another: a call's steps in vfs are read long before
 * its steps in inet. The watermark is the publish time up to which every partition has
 * been read; a tree closes only past it, never on quiet alone.
 */
final class ReadProgress {
    private final Map<TopicPartition, Long> lastPublishedMillis = new HashMap<>();

    void read(TopicPartition tp, long publishedMillis) {
        lastPublishedMillis.merge(tp, publishedMillis, Math::max);
    }

    /**
     * The publish time up to which every assigned partition has been read: the oldest
     * last-read time among the partitions with records still to read (an unknown lag
     * counts as some), Long.MAX_VALUE when all are caught up.
     */
    long watermarkMillis(Consumer<?, ?> consumer) {
        long watermark = Long.MAX_VALUE;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent() && lag.getAsLong() == 0) {
                continue;
            }
            watermark = Math.min(watermark, lastPublishedMillis.getOrDefault(tp, Long.MIN_VALUE));
        }
        return watermark;
    }
}
