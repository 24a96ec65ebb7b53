package vkernel.socket.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.socket.core.Fixture.CRED;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.kernel.state.StateChanges;
import vkernel.kernel.state.StateRecord;
import vkernel.kernel.trace.RecordingTrace;
import vkernel.kernel.trace.Trace;
import vkernel.net.v1.SocketState;
import vkernel.state.v1.SockfsSocket;
import vkernel.uapi.Socket;

/** socket-service's tables recorded, read back into a fresh core (a restarted process), and reconciled with its peers. */
class SocketStateTest {
    private final StateChanges changes = new StateChanges();
    private final Fixture k = new Fixture(changes);
    /** The state topic after compaction: the latest value of each key, tombstones gone. */
    private final Map<String, StateRecord> topic = new LinkedHashMap<>();

    SocketStateTest() {
        k.register();
    }

    /** What the binding does after each call: the changes go to the topic. */
    private void flush() {
        for (StateRecord r : changes.drain()) {
            topic.remove(r.key());
            if (!r.isTombstone()) {
                topic.put(r.key(), r);
            }
        }
    }

    /** socket-service killed and started again: a fresh core in front of the same vfs-service and families. */
    private Fixture restart() {
        flush();
        Fixture again = new Fixture(new StateChanges(), k.vfs, k.inet, k.netlink);
        again.now = k.now;
        SocketRestore.into(again.fs, new ArrayList<>(topic.values()), Trace.NONE);
        return again;
    }

    private long ino(Fixture f, int fd) {
        return f.vfs.fds.get(fd).ino();
    }

    @Test
    void aRestoredCoreFindsEverySocketAsItWas() {
        int stream = k.socket(Socket.SOCK_STREAM);
        int dgram = k.socket(Socket.SOCK_DGRAM);
        k.inet.opState = SocketState.SOCKET_STATE_SS_CONNECTING;
        k.syscalls.connect(CRED, stream, ByteString.EMPTY, new RecordingTrace("connect")).join();
        int closed = k.socket(Socket.SOCK_STREAM);
        k.fileOps.release(ino(k, closed), new RecordingTrace("sock_close")).join();
        k.vfs.fds.remove(closed);

        Fixture r = restart();

        assertEquals(2, r.fs.sockets().size(), "the closed socket is not restored");
        vkernel.socket.core.Socket s = r.fs.sockets().get(ino(r, stream));
        vkernel.socket.core.Socket before = k.fs.sockets().get(ino(k, stream));
        assertEquals(before.sock(), s.sock());
        assertEquals(SocketState.SOCKET_STATE_SS_CONNECTING, s.state());
        assertEquals(Socket.SOCK_STREAM, s.type());
        assertEquals(7, s.netns(), "the creating task's netns");
        assertEquals(Socket.SOCK_DGRAM, r.fs.sockets().get(ino(r, dgram)).type());
        // The restored socket's family is the same instance: calls reach it.
        r.inet.calls.clear();
        assertEquals(SysRet.zeroOr(Errno.ERRNO_UNSPECIFIED), r.syscalls.listen(CRED, stream, 5, new RecordingTrace("listen")).join());
        assertEquals(List.of("listen@listen"), r.inet.calls);
    }

    @Test
    void eachSocketIsRecordedInItsNetnsShard() {
        k.socket(Socket.SOCK_STREAM);
        flush();
        StateRecord socket = topic.values().stream().filter(x -> x.table().equals("socket")).findFirst().orElseThrow();
        assertEquals(7, socket.shard());
        StateRecord family = topic.get("family/" + Socket.AF_INET);
        assertEquals(0, family.shard(), "net_families[] is global");
    }

    @Test
    void familyRegistrationsAreRestoredForOneLeaseAndRenewalsAreNotRecorded() {
        flush();
        k.now += 500;
        k.fs.families().register(Socket.AF_INET, Fixture.INET, "inet-1", k.now);
        assertEquals(0, changes.pendingCount(), "a renewal changes nothing on the topic");

        Fixture r = restart();
        r.now += Sockfs.FAMILY_LEASE_MS - 1;
        assertEquals(Fixture.INET, r.fs.families().lookup(Socket.AF_INET, r.now).address());
        assertEquals(Errno.ERRNO_UNSPECIFIED,
                r.create.socket(CRED, Socket.AF_INET, Socket.SOCK_STREAM, 0, new RecordingTrace("socket")).join().errno());
        r.now += 1;
        assertNull(r.fs.families().lookup(Socket.AF_INET, r.now), "not renewed: lapsed as it would have");
    }

    @Test
    void anUnregisteredFamilyIsNotRestored() {
        k.fs.families().unregister(Socket.AF_NETLINK, "netlink-1");
        Fixture r = restart();
        assertNull(r.fs.families().lookup(Socket.AF_NETLINK, r.now));
        assertNotNull(r.fs.families().lookup(Socket.AF_INET, r.now));
    }

    @Test
    void aReleaseThatFailsIsTriedAgainUntilTheFamilyReleases() {
        int fd = k.socket(Socket.SOCK_STREAM);
        long ino = ino(k, fd);
        k.inet.releaseFails = LayerFailure.Kind.UNREACHABLE;
        k.fileOps.release(ino, new RecordingTrace("sock_close")).join();
        assertEquals(1, k.inet.socks.size(), "not released yet");
        assertEquals(1, k.fs.releases().pendingCount());
        assertEquals(1, k.runRetries());
        assertEquals(1, k.runRetries(), "still failing: tried again");
        flush();
        assertTrue(topic.containsKey("socket/" + ino), "kept on the topic while the release is under way");

        k.inet.releaseFails = null;
        k.runRetries();
        assertEquals(0, k.inet.socks.size());
        assertEquals(0, k.fs.releases().pendingCount());
        assertEquals(0, k.runRetries(), "no more tries");
        flush();
        assertFalse(topic.containsKey("socket/" + ino));
    }

    @Test
    void aReleaseUnderWayWhenTheProcessDiedGoesOnAfterTheRestore() throws Exception {
        int fd = k.socket(Socket.SOCK_STREAM);
        long ino = ino(k, fd);
        k.inet.releaseFails = LayerFailure.Kind.UNREACHABLE;
        k.fileOps.release(ino, new RecordingTrace("sock_close")).join();
        k.vfs.fds.remove(fd);
        flush();
        assertTrue(SockfsSocket.parseFrom(topic.get("socket/" + ino).value()).getReleasing());
        k.inet.releaseFails = null;

        Fixture r = restart();
        assertEquals(0, r.fs.sockets().size(), "a socket being released is not a socket");
        assertEquals(0, r.inet.socks.size(), "released at restore");
        flush();
        r.changes.drain().forEach(x -> topic.remove(x.key()));
        assertFalse(topic.containsKey("socket/" + ino));
    }

    @Test
    void aReleaseOfASockWhoseFamilyRestartedWithoutItsStateEndsAtOnce() {
        int fd = k.socket(Socket.SOCK_STREAM);
        k.now += Sockfs.FAMILY_LEASE_MS;
        k.fs.families().register(Socket.AF_INET, Fixture.INET, "inet-2", k.now);
        k.inet.calls.clear();
        k.fileOps.release(ino(k, fd), new RecordingTrace("sock_close")).join();
        assertEquals(List.of(), k.inet.calls, "the new instance never heard of it");
        assertEquals(0, k.fs.releases().pendingCount());
    }

    @Test
    void reconcileReleasesTheRestoredSocketsNoFdHolds() {
        int held = k.socket(Socket.SOCK_STREAM);
        int closedWhileDown = k.socket(Socket.SOCK_STREAM);
        long goneIno = ino(k, closedWhileDown);
        // vfs-service closed it while socket-service was down: its Release failed, the inode was evicted.
        k.vfs.fds.remove(closedWhileDown);
        k.vfs.inodes.remove(goneIno);

        Fixture r = restart();
        SocketRestore.Restored restored = new SocketRestore.Restored(new ArrayList<>(List.of(ino(r, held), goneIno)), 2, 0);
        SocketReconcile.Reconciled rec = SocketReconcile.run(r.fs, restored.sockets(), new RecordingTrace("reconcile")).join();

        assertEquals(1, rec.unheldSockets());
        assertNull(r.fs.sockets().get(goneIno));
        assertNotNull(r.fs.sockets().get(ino(r, held)));
        assertEquals(1, r.inet.socks.size(), "only the held socket's sock is left");
        assertEquals(0, rec.unnamedSocks());
    }

    @Test
    void reconcileReleasesTheSocksNoSocketNamesButNotOnesBeingMade() {
        k.socket(Socket.SOCK_STREAM);
        Fixture r = restart();
        // A create whose answer died with the old process: the family holds a sock for inode 900.
        r.inet.socks.put(99L, 900L);
        // A socket() being made now: sock_alloc done, the family's sock made, not in the table yet.
        r.fs.sockAlloc(CRED, new RecordingTrace("x")).join();
        long making = r.vfs.nextIno - 1;
        r.inet.socks.put(100L, making);

        SocketReconcile.Reconciled rec = SocketReconcile.run(r.fs, List.of(), new RecordingTrace("reconcile")).join();

        assertEquals(1, rec.unnamedSocks());
        assertFalse(r.inet.socks.containsKey(99L), "the orphan is released");
        assertTrue(r.inet.socks.containsKey(100L), "the sock being made stays");
        assertEquals(2, r.inet.socks.size());
    }

    @Test
    void aFamilyThatCannotListIsCountedAndLeftAlone() {
        k.inet.lists = false;
        Fixture r = restart();
        SocketReconcile.Reconciled rec = SocketReconcile.run(r.fs, List.of(), new RecordingTrace("reconcile")).join();
        assertEquals(1, rec.familiesUnlisted());
    }
}
