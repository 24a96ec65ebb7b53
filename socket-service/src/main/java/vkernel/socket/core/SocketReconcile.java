package vkernel.socket.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import vkernel.kernel.trace.Trace;

/**
 * What a socket-service crash leaves between it and its peers, found after the restore
 * and released:
 * <ul>
 * <li>a restored socket no fd holds: vfs-service closed its file while socket-service
 * was down (the Release call failed and vfs evicted the inode), or socket() / accept()
 * was cut off before fd_install. Found by walking the tasks' fds (the contract root's
 * /proc/PID/fd gives); the sock is released and the inode given back.</li>
 * <li>a sock a family holds that no socket names: a create or accept whose answer was
 * lost with the process, or a release that never reached the family. Found by asking
 * each family for its socks (ListSocks); released. A sock whose inode has a socket
 * being made now is not an orphan.</li>
 * </ul>
 * Sockets made after the restore are never candidates: only the restored ones are checked
 * against vfs, and a sock on an inode in flight is passed over.
 */
public final class SocketReconcile {
    /** Sockets released because no fd holds them; socks released because no socket names them; families that could not list. */
    public record Reconciled(int unheldSockets, int unnamedSocks, int familiesUnlisted) {}

    private SocketReconcile() {}

    public static CompletableFuture<Reconciled> run(Sockfs fs, List<Long> restored, Trace within) {
        return unheldSockets(fs, restored, within).thenCompose(unheld -> unnamedSocks(fs, within)
                .thenApply(socks -> new Reconciled(unheld, socks[0], socks[1])));
    }

    /** The restored sockets whose inode no fd holds: released, inode and all. */
    static CompletableFuture<Integer> unheldSockets(Sockfs fs, List<Long> restored, Trace within) {
        return fs.vfs().heldInodes(Sockfs.SOCKFS, within).thenApply(held -> {
            int released = 0;
            for (long ino : restored) {
                if (held.contains(ino)) {
                    continue;
                }
                Socket s = fs.sockets().remove(ino);
                if (s != null) {
                    Trace rel = within.child("sock_release").object("ino", ino).object("sock", s.sock());
                    fs.releases().release(s, true, rel).whenComplete((v, e) -> rel.end());
                    released++;
                }
            }
            return released;
        });
    }

    /** Socks no socket names, of every family that lists them: released. [released, families that could not list] */
    static CompletableFuture<int[]> unnamedSocks(Sockfs fs, Trace within) {
        List<CompletableFuture<Integer>> each = new ArrayList<>();
        for (NetFamilies.Registration r : fs.families().live(fs.now())) {
            each.add(fs.familyAt(r.address()).listSocks(within).handle((socks, err) -> {
                if (err != null || socks == null) {
                    return -1;
                }
                return releaseUnnamed(fs, r, socks, within);
            }));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> {
            int[] out = new int[2];
            for (CompletableFuture<Integer> f : each) {
                int n = f.join();
                if (n < 0) {
                    out[1]++;
                } else {
                    out[0] += n;
                }
            }
            return out;
        });
    }

    private static int releaseUnnamed(Sockfs fs, NetFamilies.Registration r, List<FamilyOps.SockIno> socks, Trace within) {
        int released = 0;
        for (FamilyOps.SockIno si : socks) {
            // In flight first: a create that settles meanwhile is in the table when it is looked up next.
            if (fs.inFlight(si.ino()) || fs.releases().releasing(r.address(), si.sock())) {
                continue;
            }
            Socket named = fs.sockets().get(si.ino());
            if (named != null) {
                continue; // its socket (the same sock, or one this family will hear of by its own handle)
            }
            Socket orphan = new Socket(si.ino(), r.family(), 0, r.address(), r.instanceId());
            orphan.restore(si.sock(), vkernel.net.v1.SocketState.SOCKET_STATE_SS_UNCONNECTED, false, false);
            orphan.attachRestored(fs.sockets().journal());
            Trace rel = within.child("sock_release").object("ino", si.ino()).object("sock", si.sock());
            fs.releases().release(orphan, false, rel).whenComplete((v, e) -> rel.end());
            released++;
        }
        return released;
    }
}
