package vkernel.runtime.auth;

import io.grpc.Context;
import io.grpc.Metadata;
import vkernel.cred.v1.Cred;

/** Where the authenticated caller of the current call is found. */
public final class Credentials {
    /** Metadata carrying a task's token on every user-facing call. */
    public static final Metadata.Key<String> TASK_TOKEN =
            Metadata.Key.of("vkernel-task", Metadata.ASCII_STRING_MARSHALLER);
    /** Metadata carrying "Bearer SECRET": the admin credential, and the layers' own. */
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /** The task whose token authenticated the current call. */
    public static final Context.Key<Cred> TASK = Context.key("vkernel-task-cred");
    /** The task's generation (see {@link TaskToken}). */
    public static final Context.Key<Long> GENERATION = Context.key("vkernel-task-generation");
    /** True when the call presented the kernel's admin credential. */
    public static final Context.Key<Boolean> ADMIN = Context.key("vkernel-admin");

    private Credentials() {}

    /** The current task; only for methods the AuthInterceptor guards with a task token. */
    public static Cred task() {
        Cred c = TASK.get();
        if (c == null) {
            throw new IllegalStateException("no authenticated task in this call");
        }
        return c;
    }

    public static long generation() {
        Long g = GENERATION.get();
        return g == null ? 0 : g;
    }

    public static boolean admin() {
        return Boolean.TRUE.equals(ADMIN.get());
    }
}
