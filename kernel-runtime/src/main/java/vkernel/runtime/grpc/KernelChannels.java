package vkernel.runtime.grpc;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import vkernel.runtime.auth.KernelCallCredentials;
import vkernel.runtime.auth.KernelSecret;
import vkernel.runtime.trace.TraceInterceptors;

/**
 * Channels to the other layers, one per address, each presenting the kernel secret
 * and carrying the trace context.
 */
public final class KernelChannels implements AutoCloseable {
    private final ConcurrentHashMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final KernelCallCredentials credentials;

    public KernelChannels(KernelSecret secret) {
        this.credentials = new KernelCallCredentials(secret);
    }

    public KernelCallCredentials credentials() {
        return credentials;
    }

    public ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> ManagedChannelBuilder.forTarget(a)
                .usePlaintext()
                // Answers are handled where they arrive (the channel's event loop), not handed
                // to a pool thread first: every callback here only starts the next async step.
                .directExecutor()
                .intercept(new TraceInterceptors.Client())
                .maxInboundMessageSize(64 << 20)
                .build());
    }

    /**
     * A new instance has registered at this address: a channel that saw the old one go
     * away sits in reconnect backoff (up to two minutes) and would fail calls fast until
     * its timer fires. Reconnect now instead.
     */
    public void instanceRegistered(String address) {
        ManagedChannel c = channels.get(address);
        if (c != null) {
            c.resetConnectBackoff();
        }
    }

    @Override
    public void close() {
        for (ManagedChannel c : channels.values()) {
            c.shutdown();
        }
        for (ManagedChannel c : channels.values()) {
            try {
                c.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
