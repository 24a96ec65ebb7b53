package vkernel.runtime.state;

import java.util.Set;
import vkernel.vfs.v1.InodeServiceGrpc;

/**
 * Layer methods that change no table: a lookup. Their answer still waits until every
 * table record written before it is acknowledged (it may have read another call's change),
 * and it is still recorded under its call id (a retry that reaches this layer alive gets
 * it), but it waits for no answer record: not its own — no change of its could be undone
 * by a crash, only the replay of a lookup, and a lookup run again, should this layer die in
 * the millisecond before its record is stored, is what Linux's restart of a syscall does
 * (fdget again) — nor other calls' answers, which no call reads. On a syscall's path this
 * is one acknowledgement fewer in sequence for every call on an fd through socket-service
 * (sockfd_lookup), also when other tasks' lookups keep the log busy.
 */
final class ReadOnlyCalls {
    private ReadOnlyCalls() {}

    private static final Set<String> METHODS = Set.of(
            InodeServiceGrpc.getFgetMethod().getFullMethodName()); // sockfd_lookup: Vfs.fget reads the fd table only

    static boolean readOnly(String fullMethodName) {
        return METHODS.contains(fullMethodName);
    }
}
