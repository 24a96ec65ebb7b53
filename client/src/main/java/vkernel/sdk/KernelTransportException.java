package vkernel.sdk;

import io.grpc.Status;

/**
 * The kernel could not be reached or refused the caller (a gRPC status other than a
 * result): no system call happened. Not an errno: errno travels as data.
 */
public final class KernelTransportException extends RuntimeException {
    private final String call;
    private final Status.Code code;

    public KernelTransportException(String call, Status status, Throwable cause) {
        super(call + ": " + status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()),
                cause);
        this.call = call;
        this.code = status.getCode();
    }

    public String call() {
        return call;
    }

    public Status.Code code() {
        return code;
    }
}
