package vkernel.runtime.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates every call before it is served. User-facing calls present a task
 * token (ProcessService may instead present the admin credential, or nothing for an
 * unprivileged spawn); the layers' internal contracts present the kernel secret.
 * Anything else is refused with UNAUTHENTICATED and never reaches a handler.
 */
public final class AuthInterceptor implements ServerInterceptor {
    private static final Set<String> TASK_SERVICES = Set.of(
            "vkernel.vfs.v1.FileService",
            "vkernel.socket.v1.SocketService");
    private static final String PROCESS_SERVICE = "vkernel.vfs.v1.ProcessService";
    private static final String SPAWN = PROCESS_SERVICE + "/Spawn";
    private static final String LIST_TASKS = PROCESS_SERVICE + "/ListTasks";
    private static final String UNAME = PROCESS_SERVICE + "/Uname";
    private static final String LIST_TASK_FDS = PROCESS_SERVICE + "/ListTaskFds";
    private static final String BEARER = "Bearer ";

    private final KernelSecret secret;

    public AuthInterceptor(KernelSecret secret) {
        this.secret = secret;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        String service = call.getMethodDescriptor().getServiceName();
        if (service == null || service.startsWith("grpc.")) {
            return next.startCall(call, headers); // reflection and health are public
        }
        boolean admin = presentsSecret(headers);
        Context ctx = Context.current().withValue(Credentials.ADMIN, admin);
        if (TASK_SERVICES.contains(service) || (PROCESS_SERVICE.equals(service) && !SPAWN.equals(method)
                && !LIST_TASKS.equals(method) && !LIST_TASK_FDS.equals(method) && !UNAME.equals(method))) {
            Optional<TaskToken.Claims> claims = TaskToken.verify(secret, headers.get(Credentials.TASK_TOKEN));
            if (claims.isEmpty()) {
                return refuse(call, "a valid task token (metadata vkernel-task) is required");
            }
            ctx = ctx.withValue(Credentials.TASK, claims.get().cred())
                    .withValue(Credentials.GENERATION, claims.get().generation());
        } else if ((LIST_TASKS.equals(method) || LIST_TASK_FDS.equals(method)) && !admin) {
            return refuse(call, "the admin credential is required");
        } else if (!PROCESS_SERVICE.equals(service) && !admin) {
            return refuse(call, "kernel-internal contract: the kernel credential is required");
        }
        return Contexts.interceptCall(ctx, call, headers, next);
    }

    private boolean presentsSecret(Metadata headers) {
        String auth = headers.get(Credentials.AUTHORIZATION);
        return auth != null && auth.startsWith(BEARER) && secret.matches(auth.substring(BEARER.length()));
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String why) {
        call.close(Status.UNAUTHENTICATED.withDescription(why), new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
