package vkernel.sdk;

import vkernel.errno.v1.Errno;

/**
 * The call's deadline passed before the kernel answered, so the SDK cancelled it, as a
 * signal interrupts a blocked system call (EINTR). The kernel undoes the call.
 */
public final class CallInterruptedException extends ErrnoException {
    public CallInterruptedException(String call) {
        super(call, Errno.ERRNO_EINTR);
    }
}
