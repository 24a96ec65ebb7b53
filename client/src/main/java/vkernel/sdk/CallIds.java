package vkernel.sdk;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A task's system call ids (metadata vkernel-call): a random 31-bit prefix per Task
 * object, so two clients sharing one task's token never use the same id, and a counter.
 * A layer that answered a call with this id answers a retry of it from its record
 * instead of running it again (see the contract's README: what a client must send).
 */
final class CallIds {
    static final Metadata.Key<String> CALL = Metadata.Key.of("vkernel-call", Metadata.ASCII_STRING_MARSHALLER);

    private final long prefix = (new SecureRandom().nextInt() & 0x7fffffffL) << 32;
    private final AtomicLong counter = new AtomicLong();

    /** The id of the next call, as an interceptor that attaches it. */
    ClientInterceptor next() {
        Metadata md = new Metadata();
        md.put(CALL, Long.toUnsignedString(prefix | (counter.incrementAndGet() & 0xffffffffL)));
        return MetadataUtils.newAttachHeadersInterceptor(md);
    }
}
