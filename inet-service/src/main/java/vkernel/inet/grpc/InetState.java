package vkernel.inet.grpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;
import vkernel.inet.core.InetRestore;
import vkernel.kernel.state.StateRecord;
import vkernel.runtime.state.LayerState;
import vkernel.runtime.state.StateOwner;

/**
 * inet-service's tables on its state topic (vkernel.inet.state): LayerState reads the
 * topic at start and hands the live records here before the layer serves or registers
 * PF_INET; the stack is rebuilt from them (vkernel.inet.core.InetRestore). A caller
 * whose call a kill cut off retries it, and finds the socks, their queued bytes and
 * their ports as the last answered call left them.
 */
@ApplicationScoped
public class InetState implements StateOwner {
    private static final Logger LOG = Logger.getLogger(InetState.class);

    @Inject
    InetStack stack;

    @Inject
    LayerState state;

    @Override
    public int rebuild(List<StateRecord> live) {
        long t0 = System.nanoTime();
        InetRestore.Restored r = stack.af().restore(live);
        LOG.infof("restored %d namespaces: %d socks (%d held by socket-service), %d TIME_WAIT, %d requests, %d FIB leaves;"
                + " %d records reconciled away, in %d ms", r.namespaces(), r.socks(), r.handles(), r.timewait(),
                r.requests(), r.fibLeaves(), r.dropped(), (System.nanoTime() - t0) / 1_000_000);
        state.commit(); // what reconcile deleted or aborted
        return r.socks() + r.timewait() + r.requests() + r.fibLeaves();
    }
}
