package vkernel.runtime.grpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps a registration alive, as a module stays loaded: registers at once, renews at
 * a third of the lease the registry granted, and after a failure (the registry is
 * down or restarting) tries again every second, so a restarted layer on either side
 * finds its peers again with no manual step.
 */
public final class Lease implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Lease.class);
    private static final long RETRY_MS = 1000;

    private final String what;
    private final Supplier<CompletableFuture<Long>> register;
    private final ScheduledExecutorService timer;
    private volatile boolean held;
    private volatile boolean closed;

    /** register returns the lease granted in milliseconds, or fails. */
    public Lease(String what, Supplier<CompletableFuture<Long>> register) {
        this.what = what;
        this.register = register;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-" + what);
            t.setDaemon(true);
            return t;
        });
    }

    public Lease start() {
        timer.execute(this::renew);
        return this;
    }

    public boolean held() {
        return held;
    }

    private void renew() {
        if (closed) {
            return;
        }
        CompletableFuture<Long> f;
        try {
            f = register.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((leaseMs, err) -> {
            if (closed) {
                return;
            }
            if (err == null && leaseMs != null && leaseMs > 0) {
                if (!held) {
                    LOG.infof("%s: registered (lease %d ms)", what, leaseMs);
                }
                held = true;
                timer.schedule(this::renew, Math.max(100, leaseMs / 3), TimeUnit.MILLISECONDS);
            } else {
                if (held) {
                    LOG.warnf("%s: registration lost: %s", what, err == null ? "refused" : Futures.unwrap(err).toString());
                }
                held = false;
                timer.schedule(this::renew, RETRY_MS, TimeUnit.MILLISECONDS);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }
}
