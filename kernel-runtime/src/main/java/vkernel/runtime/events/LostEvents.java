package vkernel.runtime.events;

import vkernel.event.v1.KernelEvent;

/**
 * The events a layer could not publish, gathered until it can say so: as perf's
 * PERF_RECORD_LOST tells a reader of a ring buffer how many records it missed, the
 * publisher sends one {@value #FUNCTION} event with the count and the time span the
 * lost events covered, so a consumer sees the gap instead of a silent hole.
 */
public final class LostEvents {
    /** The function of the event that reports a gap. */
    public static final String FUNCTION = "events_lost";

    private long count;
    private long firstMicros = Long.MAX_VALUE;
    private long lastMicros = Long.MIN_VALUE;

    /** Counts one event that will not be published (its start time bounds the gap). */
    public synchronized void add(KernelEvent lost) {
        add(1, lost.getStartUnixMicros(), lost.getStartUnixMicros());
    }

    /** Counts n lost events that started between fromMicros and toMicros. */
    public synchronized void add(long n, long fromMicros, long toMicros) {
        if (n <= 0) {
            return;
        }
        count += n;
        firstMicros = Math.min(firstMicros, fromMicros);
        lastMicros = Math.max(lastMicros, toMicros);
    }

    public synchronized long pending() {
        return count;
    }

    /**
     * The report of what was lost since the last report, and the gap forgotten; null if
     * nothing was lost. If the report itself cannot be sent, {@link #add(KernelEvent)} it
     * back: its count and span are carried in its fields.
     */
    public synchronized KernelEvent take(String layer, String instanceId, long nowMicros) {
        if (count == 0) {
            return null;
        }
        KernelEvent report = KernelEvent.newBuilder()
                .setLayer(layer)
                .setFunction(FUNCTION)
                .setInstanceId(instanceId)
                .setStartUnixMicros(nowMicros)
                .putFields("lost", Long.toString(count))
                .putFields("from_unix_micros", Long.toString(firstMicros))
                .putFields("to_unix_micros", Long.toString(lastMicros))
                .setResult(count)
                .build();
        count = 0;
        firstMicros = Long.MAX_VALUE;
        lastMicros = Long.MIN_VALUE;
        return report;
    }

    /** Puts an unsent report's gap back, so the next report covers it too. */
    public void restore(KernelEvent report) {
        add(Long.parseLong(report.getFieldsOrDefault("lost", "0")),
                Long.parseLong(report.getFieldsOrDefault("from_unix_micros", "0")),
                Long.parseLong(report.getFieldsOrDefault("to_unix_micros", "0")));
    }
}
