package vkernel.runtime.auth;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** Presents the kernel secret on a layer's calls to another layer. */
public final class KernelCallCredentials extends CallCredentials {
    private final KernelSecret secret;

    public KernelCallCredentials(KernelSecret secret) {
        this.secret = secret;
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata m = new Metadata();
        m.put(Credentials.AUTHORIZATION, "Bearer " + secret.bearer());
        applier.apply(m);
    }
}
