package vkernel.net.core;

import vkernel.cred.v1.Cred;

/**
 * struct sock: what every family's socket has (include/net/sock.h), with the values
 * sock_init_data gives it. Families extend it (InetSock, NetlinkSock) as the kernel
 * embeds it. Guarded by the lock of the family's table that holds it.
 */
public abstract class Sock {
    /** sk_shutdown bits. */
    public static final int RCV_SHUTDOWN = 1;
    public static final int SEND_SHUTDOWN = 2;
    public static final int SHUTDOWN_MASK = 3;

    /** sk_userlocks bits. */
    public static final int SOCK_SNDBUF_LOCK = 1;
    public static final int SOCK_RCVBUF_LOCK = 2;

    public final long id;
    public final long netns;
    public final int family;
    public final int type;
    public final int protocol;
    /** The sockfs inode of the socket this sock belongs to (0 for a sock with no socket yet). */
    public long ino;
    /** sk_uid: the creator's uid. */
    public final int uid;

    public int state;
    public int rcvbuf = Sysctl.RMEM_DEFAULT;
    public int sndbuf = Sysctl.WMEM_DEFAULT;
    public int userlocks;
    public int shutdown;
    /** sk_err and sk_err_soft, positive errno numbers. */
    public int err;
    public int errSoft;

    public boolean reuse;
    public boolean reuseport;
    public boolean keepopen;
    public boolean broadcast;
    public boolean oobinline;
    public boolean dontroute;
    public boolean debug;
    public boolean noCheck;
    public boolean passcred;
    public boolean linger;
    /** sk_lingertime, in jiffies. */
    public long lingertime;
    public int priority;
    public int mark;
    public int rcvlowat = 1;
    /** sk_rcvtimeo, sk_sndtimeo in jiffies; MAX_SCHEDULE_TIMEOUT for none. */
    public long rcvtimeo = Sysctl.MAX_SCHEDULE_TIMEOUT;
    public long sndtimeo = Sysctl.MAX_SCHEDULE_TIMEOUT;

    /** sk_wq: callers sleeping until this sock changes. */
    public final WaitQueue wq = new WaitQueue();

    protected Sock(long id, long netns, int family, int type, int protocol, long ino, Cred cred) {
        this.id = id;
        this.netns = netns;
        this.family = family;
        this.type = type;
        this.protocol = protocol;
        this.ino = ino;
        this.uid = cred == null ? 0 : cred.getUid();
    }

    /** SO_ACCEPTCONN: sk_state == TCP_LISTEN. */
    public abstract boolean listening();

    /** sk_is_inet: SO_REUSEPORT is only for inet socks. */
    public boolean isInet() {
        return false;
    }

    /** sk_prot->keepalive hook (tcp_set_keepalive). */
    public void setKeepalive(boolean on) {
        keepopen = on;
    }

    /** sock_error: reads and clears sk_err (positive errno, 0 for none). */
    public int sockError() {
        int e = err;
        err = 0;
        return e;
    }

    /** Milliseconds a receive may sleep (sock_rcvtimeo); 0 when non-blocking, -1 for ever. */
    public long rcvTimeoutMillis(boolean nonblock) {
        return nonblock ? 0 : Sysctl.jiffiesToMillis(rcvtimeo);
    }

    public long sndTimeoutMillis(boolean nonblock) {
        return nonblock ? 0 : Sysctl.jiffiesToMillis(sndtimeo);
    }
}
