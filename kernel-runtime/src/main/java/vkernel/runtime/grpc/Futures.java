package vkernel.runtime.grpc;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/** Glue between grpc-java's futures, CompletableFuture and response observers. */
public final class Futures {
    private Futures() {}

    public static <T> CompletableFuture<T> of(ListenableFuture<T> f) {
        CompletableFuture<T> cf = new CompletableFuture<>();
        com.google.common.util.concurrent.Futures.addCallback(f, new FutureCallback<T>() {
            @Override
            public void onSuccess(T result) {
                cf.complete(result);
            }

            @Override
            public void onFailure(Throwable t) {
                cf.completeExceptionally(t);
            }
        }, MoreExecutors.directExecutor());
        cf.whenComplete((r, t) -> {
            if (cf.isCancelled()) {
                f.cancel(true);
            }
        });
        return cf;
    }

    /** Completes a unary call with the future's value, or with the failure mapped to a response. */
    public static <T> void reply(CompletableFuture<T> f, StreamObserver<T> out, Function<Throwable, T> onFailure) {
        f.whenComplete((r, t) -> {
            if (t == null) {
                out.onNext(r);
                out.onCompleted();
            } else {
                T failure = onFailure.apply(unwrap(t));
                if (failure == null) {
                    out.onError(io.grpc.Status.fromThrowable(unwrap(t)).asRuntimeException());
                } else {
                    out.onNext(failure);
                    out.onCompleted();
                }
            }
        });
    }

    public static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
