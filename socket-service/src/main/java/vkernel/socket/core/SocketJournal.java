package vkernel.socket.core;

import vkernel.kernel.state.StateChanges;
import vkernel.state.v1.SockfsFamily;
import vkernel.state.v1.SockfsSocket;

/**
 * Records every change of socket-service's tables as its state topic keeps them
 * (vkernel.state.v1): {@code socket/<ino>} (struct socket, shard = its network namespace)
 * and {@code family/<family>} (net_families[], shard 0). Called under the lock that
 * guards the object: the socket's own, or net_families'.
 */
public final class SocketJournal {
    private final StateChanges changes;

    public SocketJournal(StateChanges changes) {
        this.changes = changes;
    }

    void socket(Socket s) {
        if (!changes.recording()) {
            return;
        }
        String instance = s.familyInstance();
        changes.put(socketKey(s.ino()), s.netns(), SockfsSocket.newBuilder().setIno(s.ino()).setFamily(s.family())
                .setType(s.type()).setState(s.state()).setSock(s.sock()).setFamilyAddress(s.familyAddress())
                .setFamilyInstance(instance == null ? "" : instance).setNetns(s.netns())
                .setReleasing(s.releasing()).setIput(s.iput()).build());
    }

    void socketGone(Socket s) {
        changes.delete(socketKey(s.ino()), s.netns());
    }

    void family(int family, String address, String instanceId) {
        if (changes.recording()) {
            changes.put(familyKey(family), 0, SockfsFamily.newBuilder().setFamily(family).setAddress(address)
                    .setInstanceId(instanceId).build());
        }
    }

    void familyGone(int family) {
        changes.delete(familyKey(family), 0);
    }

    static String socketKey(long ino) {
        return "socket/" + ino;
    }

    static String familyKey(int family) {
        return "family/" + family;
    }
}
