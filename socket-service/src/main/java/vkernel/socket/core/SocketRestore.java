package vkernel.socket.core;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import vkernel.kernel.state.StateRecord;
import vkernel.kernel.trace.Trace;
import vkernel.state.v1.SockfsFamily;
import vkernel.state.v1.SockfsSocket;

/**
 * Rebuilds socket-service's tables from the live records of its state topic: the
 * sockets by inode, net_families[] (each registration live for one lease from now, for
 * its family to renew), and the releases that were under way, which go on at once.
 * What the crash left between this layer and its peers is {@link SocketReconcile}'s.
 */
public final class SocketRestore {
    /** What was rebuilt: the inodes of the sockets restored (the ones reconcile checks against vfs). */
    public record Restored(List<Long> sockets, int families, int releasing) {}

    private SocketRestore() {}

    public static Restored into(Sockfs fs, List<StateRecord> live, Trace within) {
        List<Long> sockets = new ArrayList<>();
        List<Socket> releasing = new ArrayList<>();
        int families = 0;
        for (StateRecord r : live) {
            try {
                switch (r.table()) {
                    case "socket" -> {
                        Socket s = socket(SockfsSocket.parseFrom(r.value()));
                        if (s.releasing()) {
                            s.attachRestored(fs.sockets().journal());
                            releasing.add(s);
                        } else {
                            fs.sockets().restore(s);
                            sockets.add(s.ino());
                        }
                    }
                    case "family" -> {
                        SockfsFamily f = SockfsFamily.parseFrom(r.value());
                        fs.families().restore(f.getFamily(), f.getAddress(), f.getInstanceId(), fs.now());
                        families++;
                    }
                    default -> { } // a table of a later version: not ours to read
                }
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("state record " + r.key() + " is not a vkernel.state.v1 message", e);
            }
        }
        fs.releases().resume(releasing, within);
        return new Restored(sockets, families, releasing.size());
    }

    static Socket socket(SockfsSocket r) {
        Socket s = new Socket(r.getIno(), r.getFamily(), r.getType(), r.getFamilyAddress(),
                r.getFamilyInstance().isEmpty() ? null : r.getFamilyInstance(), r.getNetns());
        s.restore(r.getSock(), r.getState(), r.getReleasing(), r.getIput());
        return s;
    }
}
