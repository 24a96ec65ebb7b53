package vkernel.runtime.quarkus;

/**
 * The order of the layers' global gRPC interceptors, outermost first. quarkus-grpc sorts
 * them by {@link jakarta.enterprise.inject.spi.Prioritized#getPriority()} (highest called
 * first) and ignores a {@code @Priority} annotation, so each implements Prioritized with
 * one of these.
 */
public final class InterceptorOrder {
    /** The trace context and the call's step: every call, refused ones too, is seen. */
    public static final int TRACE = 20;
    /** Who is calling: a task's token, the kernel's credential, or nothing. */
    public static final int AUTH = 10;
    /** Whether the task may have one more call here (needs the task Auth found). */
    public static final int ADMISSION = 8;
    /** Refuses calls while the tables are restored. */
    public static final int RESTORE_GATE = 5;
    /** Holds the answer until durable, replays a retried call's answer: next to the handler. */
    public static final int DURABLE_ANSWERS = 1;

    private InterceptorOrder() {}
}
