package vkernel.sdk;

import io.grpc.StatusRuntimeException;
import java.util.function.Supplier;

/** Turns gRPC outcomes into system call outcomes, in one place. */
final class Rpc {
    private Rpc() {}

    /** Runs one RPC for {@code call}, mapping gRPC statuses to the SDK's exceptions. */
    static <R> R invoke(String call, Supplier<R> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw translate(call, e);
        }
    }

    static RuntimeException translate(String call, StatusRuntimeException e) {
        switch (e.getStatus().getCode()) {
            case DEADLINE_EXCEEDED:
            case CANCELLED:
                return new CallInterruptedException(call);
            case UNIMPLEMENTED:
                // The kernel has no such call yet: what a kernel without the syscall returns.
                return new ErrnoException(call, vkernel.errno.v1.Errno.ERRNO_ENOSYS);
            default:
                return new KernelTransportException(call, e.getStatus(), e);
        }
    }

    /**
     * ret, or ErrnoException when the kernel reported an errno. EINTR is the kernel's
     * answer to a call whose deadline or cancellation reached it first (the signal): it
     * is the same interruption as DEADLINE_EXCEEDED seen here first.
     */
    static long check(String call, long ret, int errno) {
        if (errno == vkernel.errno.v1.Errno.ERRNO_EINTR_VALUE) {
            throw new CallInterruptedException(call);
        }
        if (errno != 0) {
            throw new ErrnoException(call, errno);
        }
        return ret;
    }
}
