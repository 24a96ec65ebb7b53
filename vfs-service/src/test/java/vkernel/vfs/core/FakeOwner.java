package vkernel.vfs.core;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import vkernel.cred.v1.Cred;
import vkernel.kernel.sched.Revents;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;

/** A sockfs owner with no process behind it: records what vfs asks of it and answers as told. */
final class FakeOwner implements FileOperations, FileOperations.Owners {
    final List<Long> released = new ArrayList<>();
    final List<Long> netnsExited = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    final List<FileSystemType> reachedAt = new ArrayList<>();
    /** When set, every call fails as an unreachable owner does. */
    RuntimeException failure;
    IoResult readResult = new IoResult(5, Errno.ERRNO_UNSPECIFIED, ByteString.copyFromUtf8("hello"));
    int pollMask;

    @Override
    public FileOperations of(FileSystemType owner) {
        reachedAt.add(owner);
        return this;
    }

    private <T> CompletableFuture<T> answer(T value) {
        return failure == null ? CompletableFuture.completedFuture(value) : CompletableFuture.failedFuture(failure);
    }

    @Override
    public CompletableFuture<IoResult> readIter(Cred cred, long ino, long count, int fFlags, Trace t) {
        calls.add("read_iter " + ino + " " + count);
        return answer(readResult);
    }

    @Override
    public CompletableFuture<IoResult> writeIter(Cred cred, long ino, ByteString data, int fFlags, Trace t) {
        calls.add("write_iter " + ino + " " + data.size());
        return answer(IoResult.ok(data.size()));
    }

    @Override
    public CompletableFuture<Revents> poll(Cred cred, long ino, int events, int timeoutMs, long afterWake, Trace t) {
        calls.add("poll " + ino + " " + timeoutMs);
        return answer(Revents.of(pollMask));
    }

    @Override
    public CompletableFuture<Void> release(long ino, Trace fput) {
        calls.add("release " + ino);
        released.add(ino);
        return answer(null);
    }

    @Override
    public CompletableFuture<Void> netnsExit(long netns, Trace cleanup) {
        calls.add("netns_exit " + netns);
        netnsExited.add(netns);
        return answer(null);
    }
}
