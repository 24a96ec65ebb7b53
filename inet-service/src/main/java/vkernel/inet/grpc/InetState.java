package vkernel.inet.grpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;
import vkernel.inet.core.InetRestore;
import vkernel.kernel.state.StateRecord;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.runtime.state.LayerState;
import vkernel.runtime.state.StateOwner;
import vkernel.state.v1.InetInstance;

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

    @Inject
    KernelRuntime runtime;

    private static final String INSTANCE_KEY = "instance";
    private volatile String instanceId;

    /**
     * The identity PF_INET is registered under: the first process's, kept on the topic,
     * so that a restored inet is the instance socket-service's sockets were made by.
     */
    public String instanceId() {
        return instanceId;
    }

    @Override
    public int rebuild(List<StateRecord> live) {
        long t0 = System.nanoTime();
        instanceId = null;
        for (StateRecord r : live) {
            if (r.key().equals(INSTANCE_KEY)) {
                try {
                    instanceId = InetInstance.parseFrom(r.value()).getInstanceId();
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new IllegalStateException("state record instance is not a vkernel.state.v1.InetInstance", e);
                }
            }
        }
        if (instanceId == null || instanceId.isEmpty()) {
            instanceId = runtime.instanceId();
            state.changes().put(INSTANCE_KEY, 0, InetInstance.newBuilder().setInstanceId(instanceId).build());
        }
        InetRestore.Restored r = stack.af().restore(live);
        LOG.infof("restored %d namespaces: %d socks (%d held by socket-service), %d TIME_WAIT, %d requests, %d FIB leaves;"
                + " %d records reconciled away, in %d ms", r.namespaces(), r.socks(), r.handles(), r.timewait(),
                r.requests(), r.fibLeaves(), r.dropped(), (System.nanoTime() - t0) / 1_000_000);
        state.commit(); // what reconcile deleted or aborted
        return r.socks() + r.timewait() + r.requests() + r.fibLeaves();
    }
}
