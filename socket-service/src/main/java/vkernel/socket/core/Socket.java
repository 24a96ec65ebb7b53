package vkernel.socket.core;

import vkernel.net.v1.SocketState;

/**
 * struct socket: the BSD socket in a sockfs inode. The sock it wraps lives in the
 * family's service, named by the handle that service gave; the registration it was
 * made under tells whether that service is still the one that knows it.
 */
public final class Socket {
    private final long ino;
    private final int family;
    private final int type;
    private final String familyAddress;
    private final String familyInstance;
    private long sock;
    private SocketState state = SocketState.SOCKET_STATE_SS_UNCONNECTED;

    public Socket(long ino, int family, int type, String familyAddress, String familyInstance) {
        this.ino = ino;
        this.family = family;
        this.type = type;
        this.familyAddress = familyAddress;
        this.familyInstance = familyInstance;
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

    public String familyInstance() {
        return familyInstance;
    }

    public synchronized long sock() {
        return sock;
    }

    public synchronized void setSock(long sock) {
        this.sock = sock;
    }

    public synchronized SocketState state() {
        return state;
    }

    /** The family reports the state it moved the socket to; UNSPECIFIED leaves it as it is. */
    public synchronized void setState(SocketState s) {
        if (s != SocketState.SOCKET_STATE_UNSPECIFIED && s != SocketState.UNRECOGNIZED) {
            this.state = s;
        }
    }
}
