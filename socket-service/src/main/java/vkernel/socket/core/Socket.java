package vkernel.socket.core;

import vkernel.net.v1.SocketState;

/**
 * struct socket: the BSD socket in a sockfs inode. The sock it wraps lives in the
 * family's service, named by the handle that service gave; the registration it was
 * made under tells whether that service is still the one that knows it. Every change
 * is recorded ({@link SocketJournal}) under this object's lock, so the state topic sees
 * one socket's changes in the order they happened.
 */
public final class Socket {
    private final long ino;
    private final int family;
    private final int type;
    private final String familyAddress;
    private final long netns;
    private String familyInstance;
    private long sock;
    private SocketState state = SocketState.SOCKET_STATE_SS_UNCONNECTED;
    private boolean releasing;
    private boolean iput;
    private SocketJournal journal;

    public Socket(long ino, int family, int type, String familyAddress, String familyInstance) {
        this(ino, family, type, familyAddress, familyInstance, 0);
    }

    public Socket(long ino, int family, int type, String familyAddress, String familyInstance, long netns) {
        this.ino = ino;
        this.family = family;
        this.type = type;
        this.familyAddress = familyAddress;
        this.familyInstance = familyInstance;
        this.netns = netns;
    }

    public long ino() {
        return ino;
    }

    public int family() {
        return family;
    }

    public int type() {
        return type;
    }

    public String familyAddress() {
        return familyAddress;
    }

    /** The instance of the family service that made the sock; null until adopted (see {@link Sockfs#familyAddress}). */
    public synchronized String familyInstance() {
        return familyInstance;
    }

    /** The network namespace the socket lives in: its records' shard. */
    public long netns() {
        return netns;
    }

    public synchronized long sock() {
        return sock;
    }

    public synchronized void setSock(long sock) {
        this.sock = sock;
        record();
    }

    public synchronized SocketState state() {
        return state;
    }

    /** The family reports the state it moved the socket to; UNSPECIFIED leaves it as it is. */
    public synchronized void setState(SocketState s) {
        if (s != SocketState.SOCKET_STATE_UNSPECIFIED && s != SocketState.UNRECOGNIZED && s != state) {
            this.state = s;
            record();
        }
    }

    /** A socket made while its family restarted takes the instance registered at its address now. */
    synchronized void adoptInstance(String instanceId) {
        if (familyInstance == null) {
            familyInstance = instanceId;
            record();
        }
    }

    synchronized boolean releasing() {
        return releasing;
    }

    synchronized boolean iput() {
        return iput;
    }

    /** Starts or records again sock_release: the socket is no one's now; iput says whether its inode goes back after. */
    synchronized void markReleasing(boolean iput) {
        this.releasing = true;
        this.iput = iput;
        record();
    }

    /** The fields a record holds, before the socket is attached (nothing is recorded). */
    synchronized void restore(long sock, SocketState state, boolean releasing, boolean iput) {
        this.sock = sock;
        this.state = state;
        this.releasing = releasing;
        this.iput = iput;
    }

    /** A socket read back from the state topic: its later changes are recorded, its present one is there already. */
    synchronized void attachRestored(SocketJournal journal) {
        this.journal = journal;
    }

    /** The socket is in the table (and on the state topic) from now on. */
    synchronized void attach(SocketJournal journal) {
        this.journal = journal;
        record();
    }

    /** sock_release is done: the socket's record goes. */
    synchronized void released() {
        if (journal != null) {
            journal.socketGone(this);
        }
    }

    private void record() {
        if (journal != null) {
            journal.socket(this);
        }
    }
}
