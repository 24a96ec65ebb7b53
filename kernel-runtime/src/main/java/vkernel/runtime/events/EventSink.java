package vkernel.runtime.events;

import vkernel.event.v1.KernelEvent;

/** Where a layer's events go. Implementations never block the caller. */
public interface EventSink extends AutoCloseable {
    void publish(KernelEvent event);

    @Override
    default void close() {}

    /** Drops every event: publishing disabled by configuration (for measurement only). */
    EventSink DISCARD = e -> {};
}
