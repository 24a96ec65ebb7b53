package vkernel.socket.core;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.state.StateChanges;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Fcntl;

/**
 * sockfs and socket-service's tables (net/socket.c): the sockets of sockfs inodes,
 * net_families[], and the steps every socket call shares (sock_alloc, sockfd_lookup,
 * sock_release). vfs-service and the family services are reached through the ports
 * {@link Vfs} and {@link FamilyOps}, which the binding implements.
 */
public final class Sockfs {
    /** How long a family's registration lives without renewal. */
    public static final long FAMILY_LEASE_MS = 3000;
    static final String SOCKFS = "sockfs";

    /** What sockfd_lookup found: the socket and its file's flags, or the errno. */
    public record Sockfd(Socket socket, int fFlags, Errno errno) {
        public boolean nonblock() {
            return (fFlags & Fcntl.O_NONBLOCK) != 0;
        }
    }

    private final NetFamilies families;
    private final SocketTable sockets;
    private final SockRelease releases;
    private final Vfs vfs;
    private final Function<String, FamilyOps> familyAt;
    private final LongSupplier clock;
    /** Inodes sock_alloc made whose socket is not in the table yet: their socks are being made. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    /** Tables that are not recorded (unit tests, durability off). */
    public Sockfs(Vfs vfs, Function<String, FamilyOps> familyAt, LongSupplier clock) {
        this(vfs, familyAt, clock, StateChanges.DISCARD, SockRelease.Later.DAEMON);
    }

    /**
     * @param vfs vfs-service
     * @param familyAt the family contract of the service at an address (from a registration)
     * @param clock the time leases are measured in, in milliseconds
     * @param changes where every change of the tables is recorded
     * @param later runs the retries of releases that failed
     */
    public Sockfs(Vfs vfs, Function<String, FamilyOps> familyAt, LongSupplier clock, StateChanges changes,
            SockRelease.Later later) {
        this.vfs = vfs;
        this.familyAt = familyAt;
        this.clock = clock;
        SocketJournal journal = new SocketJournal(changes);
        this.families = new NetFamilies(FAMILY_LEASE_MS, journal);
        this.sockets = new SocketTable(journal);
        this.releases = new SockRelease(this, later);
    }

    /** The releases under way, retried until their family has released the sock. */
    public SockRelease releases() {
        return releases;
    }

    /** Whether a socket on ino is being made (sock_alloc done, not in the table or given back yet). */
    boolean inFlight(long ino) {
        return inFlight.contains(ino);
    }

    /** The socket made on its inode is in the table now. */
    void settled(Socket s) {
        sockets.add(s);
        inFlight.remove(s.ino());
    }

    public NetFamilies families() {
        return families;
    }

    public SocketTable sockets() {
        return sockets;
    }

    Vfs vfs() {
        return vfs;
    }

    public long now() {
        return clock.getAsLong();
    }

    /** The family contract of a registered family's service. */
    FamilyOps familyAt(String address) {
        return familyAt.apply(address);
    }

    /** The family ops of the service that holds the namespaces' devices (AF_INET's), or null while none is registered. */
    public FamilyOps deviceOwner() {
        NetFamilies.Registration r = families.lookup(vkernel.uapi.Socket.AF_INET, now());
        return r == null ? null : familyAt.apply(r.address());
    }

    /** The family ops of a socket, or null when the service that made its sock is gone (stopped or restarted). */
    public FamilyOps family(Socket s) {
        String address = familyAddress(s);
        return address == null ? null : familyAt.apply(address);
    }

    /**
     * The address of the service that made the socket's sock, or null when it is gone
     * (stopped or restarted). A socket made while its family restarted does not know
     * which instance answered: it adopts the one registered at its address.
     */
    public String familyAddress(Socket s) {
        NetFamilies.Registration r = families.lookup(s.family(), now());
        if (r == null) {
            // Lapsed, not dropped: the service that holds the sock is restarting (it keeps its
            // identity across restarts). Its calls are retried until it is back or the caller
            // gives up; a service that stays away is dropped then (familyGone).
            NetFamilies.Registration last = families.lastKnown(s.family());
            return last != null && last.instanceId().equals(s.familyInstance()) ? last.address() : null;
        }
        if (s.familyInstance() == null && r.address().equals(s.familyAddress())) {
            s.adoptInstance(r.instanceId());
        }
        return r.instanceId().equals(s.familyInstance()) ? r.address() : null;
    }

    /**
     * The instance registered at address now, if it is the one the caller made its call
     * to; null when none or another is (the family restarted meanwhile).
     */
    String instanceAt(int family, String address) {
        NetFamilies.Registration r = families.lookup(family, now());
        return r != null && r.address().equals(address) ? r.instanceId() : null;
    }

    /** A family service that could not be reached is a module that is gone. */
    void familyGone(Socket s) {
        families.drop(s.family(), s.familyInstance());
    }

    /**
     * sockfd_lookup: EBADF for no such fd (also when the task exited on the way: ESRCH),
     * ENOTSOCK for a file that is not a socket. Follows net/socket.c:sockfd_lookup.
     */
    public CompletableFuture<Sockfd> sockfdLookup(Cred cred, int fd, Trace parent) {
        Trace t = parent.child("sockfd_lookup").object("fd", fd);
        return vfs.fget(cred, fd, t).thenApply(f -> {
            Errno e = f.errno();
            Socket s = null;
            if (e == Errno.ERRNO_UNSPECIFIED) {
                s = SOCKFS.equals(f.fsType()) ? sockets.get(f.ino()) : null;
                if (s == null) {
                    e = Errno.ERRNO_ENOTSOCK;
                }
            } else if (e == Errno.ERRNO_ESRCH) {
                e = Errno.ERRNO_EBADF; // the task exited while the call was on its way
            }
            t.object("ino", f.ino()).end(e == Errno.ERRNO_UNSPECIFIED ? 0 : -1, e);
            return new Sockfd(s, f.fFlags(), e);
        });
    }

    /** sock_alloc: a new inode on sockfs; ENFILE when none can be had. Follows net/socket.c:sock_alloc. */
    CompletableFuture<Long> sockAlloc(Cred cred, Trace parent) {
        Trace alloc = parent.child("sock_alloc");
        return vfs.newInode(cred, SOCKFS, alloc).thenApply(r -> {
            if (r.errno() != Errno.ERRNO_UNSPECIFIED) {
                alloc.end(-1, r.errno());
                throw new LayerFailure.Failed(r.errno() == Errno.ERRNO_ENOMEM ? Errno.ERRNO_ENFILE : r.errno());
            }
            inFlight.add(r.ino());
            alloc.object("ino", r.ino()).field("i_mode", "S_IFSOCK|0777").end(r.ino(), Errno.ERRNO_UNSPECIFIED);
            return r.ino();
        });
    }

    /** Undo of sock_alloc: the inode goes back. */
    void iput(long ino, Trace parent) {
        iputDone(ino, parent);
    }

    /** iput, completing when vfs-service answered (or could not be reached: its own restore reconciles the inode). */
    CompletableFuture<Void> iputDone(long ino, Trace parent) {
        Trace t = parent.child("iput").object("ino", ino);
        inFlight.remove(ino);
        return vfs.iput(ino, t).handle((r, err) -> {
            t.end();
            return null;
        });
    }

    /** sock_release of a socket whose file never was: the family's release, then the inode. Follows net/socket.c:__sock_release. */
    void sockRelease(Socket s, Trace parent) {
        Trace rel = parent.child("sock_release").object("ino", s.ino()).object("sock", s.sock());
        sockets.remove(s.ino());
        releases.release(s, true, rel, parent).whenComplete((r, err) -> rel.end());
    }
}
