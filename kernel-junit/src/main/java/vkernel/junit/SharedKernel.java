package vkernel.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import vkernel.sdk.VKernel;

/**
 * One started kernel, kept in the root store of the test run under its settings' key, so
 * every class with those settings uses it; JUnit closes it when the run ends. The client
 * and the event consumer are made on first use: a class that never asks for events costs
 * the broker nothing. Both closeable types: JUnit 5 closes a CloseableResource, JUnit 6
 * an AutoCloseable (and warns about a value that is only the former).
 */
final class SharedKernel implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final RunningKernel running;
    private final AutoCloseable stop;
    private VKernel client;
    private EventLog events;

    SharedKernel(RunningKernel running, AutoCloseable stop) {
        this.running = running;
        this.stop = stop;
    }

    RunningKernel running() {
        return running;
    }

    /** The connected client every test of these settings shares (with the admin credential). */
    synchronized VKernel client() {
        if (client == null) {
            client = VKernel.connect(running.address(), running.adminSecret());
        }
        return client;
    }

    synchronized EventLog events() {
        if (events == null) {
            events = EventLog.start(running.kafkaReader());
        }
        return events;
    }

    /** Whether the events are being read already (a new test then forgets the older ones). */
    synchronized boolean readingEvents() {
        return events != null;
    }

    @Override
    public synchronized void close() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
            if (events != null) {
                events.close();
            }
        } finally {
            stop.close();
        }
    }
}
