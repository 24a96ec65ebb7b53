package vkernel.netlink.grpc;

import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import vkernel.kernel.state.StateRecord;
import vkernel.netlink.core.NetlinkRestore;
import vkernel.netlink.kafka.KafkaMulticast;
import vkernel.runtime.state.LayerState;
import vkernel.runtime.state.StateOwner;

/**
 * netlink's tables on the state topic: rebuilt before the layer serves (socks, queued
 * messages, running dumps, handler registrations), then multicast is carried again from
 * where it stopped, and what other instances broadcast meanwhile is delivered, before
 * any call is answered. Every answer of a call that may have changed the tables leaves
 * once its records are durable ({@link #reply}).
 */
@ApplicationScoped
public class NetlinkState implements StateOwner {
    private static final Logger LOG = Logger.getLogger(NetlinkState.class);

    @Inject
    LayerState layerState;

    @Inject
    NetlinkLayer layer;

    @Inject
    KafkaMulticast multicast;

    /** How long the restore waits for the multicast topics to be read up to where they were. */
    @ConfigProperty(name = "vkernel.netlink.multicast-catch-up-ms", defaultValue = "30000")
    long catchUpMillis;

    @Override
    public int rebuild(List<StateRecord> live) {
        long start = System.nanoTime();
        NetlinkRestore.Restored r = NetlinkRestore.into(layer.af(), live, System.currentTimeMillis());
        long rebuilt = System.nanoTime();
        layerState.commit(); // what reconcile freed, and a first start's multicast origin
        try {
            multicast.start().get(catchUpMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("multicast topics not read up to their end in %d ms: serving; the rest follows", catchUpMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("multicast catch-up failed; serving", e.getCause());
        }
        LOG.infof("restored %d socks, %d queued skbs, %d dumps, %d handler registrations (freed %d records) in %d ms;"
                + " multicast caught up in %d ms", r.socks(), r.skbs(), r.dumps(), r.registrations(), r.freed(),
                (rebuilt - start) / 1_000_000, (System.nanoTime() - rebuilt) / 1_000_000);
        return r.socks() + r.skbs() + r.dumps() + r.registrations();
    }

    /** Answers once every change this call made (and any before it) is durable. */
    public <T> void reply(StreamObserver<T> out, T response) {
        layerState.reply(out, response);
    }
}
