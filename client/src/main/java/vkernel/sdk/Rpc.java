package vkernel.sdk;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import vkernel.contract.Resend;

/** Turns gRPC outcomes into system call outcomes, in one place. */
final class Rpc {
    /**
     * How long a call waits for a layer that is restarting (UNAVAILABLE: not reachable, or
     * reachable but still restoring its tables) before it fails with KernelTransportException.
     * System property vkernel.sdk.restart-patience-ms; a layer's restart is a pause, not an error.
     */
    static final long RESTART_PATIENCE_MS = Long.getLong("vkernel.sdk.restart-patience-ms", 60_000);
    private static final long FIRST_BACKOFF_MS = 20;
    private static final long MAX_BACKOFF_MS = 500;

    private Rpc() {}

    /**
     * Runs one RPC for {@code call}, mapping gRPC statuses to the SDK's exceptions. A call
     * the kernel answered UNAVAILABLE is sent again, with a growing pause, until it is
     * answered or the patience runs out: each attempt builds its stub anew (and its deadline).
     */
    static <R> R invoke(String call, Supplier<R> rpc) {
        return invokeWhile(call, rpc, Resend::connectionLost);
    }

    /**
     * For connect: an address that does not answer is the user's mistake to hear of at
     * once, but a kernel that answers that it is restoring its tables (a layer just
     * restarted) is there, and is waited for as every call waits for it.
     */
    static <R> R invokeConnect(String call, Supplier<R> rpc) {
        return invokeWhile(call, rpc, Resend::restoring);
    }

    private static <R> R invokeWhile(String call, Supplier<R> rpc, Predicate<Status> sendAgain) {
        long giveUp = System.nanoTime() + RESTART_PATIENCE_MS * 1_000_000;
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            try {
                return rpc.get();
            } catch (StatusRuntimeException e) {
                if (!sendAgain.test(e.getStatus()) || System.nanoTime() + backoff * 1_000_000 > giveUp) {
                    throw translate(call, e);
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new CallInterruptedException(call);
                }
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
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
    /**
     * The most bytes one request carries: under every layer's message bound (netlink's
     * 8 MiB is the least), so that no buffer is refused by a transport.
     */
    static final int MAX_PIECE = 8 << 20;

    /**
     * A write or send of more than {@link #MAX_PIECE} bytes, as a blocking stream write
     * sees it: sent in pieces until all is taken, a piece is taken short (non-blocking, a
     * signal) or an error comes; an error after some bytes went returns those bytes, as
     * Linux does. A datagram that large fails at its first piece with the errno a datagram
     * of its whole size gets (EMSGSIZE: no family takes 8 MiB in one datagram).
     */
    static long inPieces(byte[] data, java.util.function.Function<byte[], Long> send) {
        if (data.length <= MAX_PIECE) {
            return send.apply(data);
        }
        long total = 0;
        while (total < data.length) {
            int len = (int) Math.min(MAX_PIECE, data.length - total);
            long n;
            try {
                n = send.apply(java.util.Arrays.copyOfRange(data, (int) total, (int) total + len));
            } catch (ErrnoException e) {
                if (total > 0) {
                    return total;
                }
                throw e;
            }
            total += n;
            if (n < len) {
                break;
            }
        }
        return total;
    }

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
