package vkernel.vfs.core;

import static vkernel.errno.v1.Errno.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.state.StateChanges;
import vkernel.uapi.Capability;
import vkernel.uapi.Fcntl;
import vkernel.uapi.Resource;
import vkernel.uapi.Stat;

/**
 * The state vfs-service owns: tasks and their fd tables, open files, the inodes of
 * pseudo filesystems, network namespace references. Plain Java, one lock: every
 * method is short and never waits. Files whose last reference goes away are returned
 * to the caller, which runs their release outside the lock (it may be another layer).
 */
public final class Vfs {
    /** The initial network namespace. */
    public static final long INIT_NETNS = vkernel.net.core.NetNs.INIT_NETNS;
    public static final String SOCKFS = "sockfs";
    public static final String NULLFS = "nullfs";
    /** RLIM_NLIMITS (include/uapi/asm-generic/resource.h): resources are 0 .. RLIM_NLIMITS - 1. */
    public static final int RLIM_NLIMITS = 16;
    /** TASK_COMM_LEN (include/linux/sched.h): task->comm holds 15 bytes and a NUL. */
    public static final int TASK_COMM_LEN = 16;
    /** (uid_t)-1, as the proto's uint32 4294967295 arrives: "no change" to setresuid, never an id. */
    public static final int INVALID_UID = -1;

    /** A call's result: ret (or -1) and errno, plus the files its fput released. */
    public record Result(long ret, Errno errno, List<File> released) {
        static Result ok(long ret) {
            return new Result(ret, ERRNO_UNSPECIFIED, List.of());
        }

        static Result ok(long ret, List<File> released) {
            return new Result(ret, ERRNO_UNSPECIFIED, released);
        }

        static Result fail(Errno e) {
            return new Result(-1, e, List.of());
        }

        public boolean failed() {
            return errno != ERRNO_UNSPECIFIED;
        }
    }

    public record Spawned(Task task, Errno errno) {}

    /** What getrlimit returns: errno, and rlim_cur / rlim_max when it succeeded. */
    public record Rlimit(Errno errno, long soft, long hard) {}

    /** One open fd of a task and its file, as /proc/PID/fd and fdinfo show them. */
    public record FdInfo(int fd, long ino, String fsType, int fFlags, boolean cloexec, int fCount) {}

    /** What exit left to do: release these files, then (if not -1) exit this namespace. */
    public record Exited(List<File> released, long deadNetns) {}

    private final long fileMax;
    private final Map<Integer, Task> tasks = new HashMap<>();
    private final Map<Long, Inode> inodes = new HashMap<>();
    private final Map<Long, Integer> netnsUsers = new HashMap<>();
    private final Inode devNull;
    private final Identities ids;
    private final VfsJournal journal;
    private long nrFiles;

    public Vfs(long fileMax) {
        this(fileMax, StateChanges.DISCARD);
    }

    /** A Vfs that records every change of its tables in changes (the state topic's records). */
    public Vfs(long fileMax, StateChanges changes) {
        this.fileMax = fileMax;
        this.ids = new Identities(changes);
        this.journal = new VfsJournal(changes);
        this.devNull = new Inode(ids.ino(), Stat.S_IFCHR | 0666, NULLFS); // made anew at every start: never a record
        inodes.put(devNull.ino(), devNull);
        netnsUsers.put(INIT_NETNS, 1); // the initial namespace never dies
    }

    // ---- tasks ----

    /** The capabilities a spawned task gets: those asked for, else the full set for uid 0 and none for others. */
    public static long spawnCapEffective(Long requested, int uid) {
        if (requested != null) {
            return requested;
        }
        return uid == 0 ? Capability.CAP_FULL_SET : 0;
    }

    /** Whether a spawn needs the admin credential: uid 0, any capability, or joining a namespace other than the initial one by number. */
    public static boolean spawnIsPrivileged(int uid, long capEffective, boolean unshareNet, long joinNetns) {
        return uid == 0 || capEffective != 0 || (!unshareNet && joinNetns != 0);
    }

    /**
     * Follows kernel/sys.c:__sys_setresuid / __sys_setresgid (and setuid's EINVAL):
     * make_kuid of (uid_t)-1 is INVALID_UID and uid_valid refuses it, before any
     * permission check. A uint32 carries every other uid_t, all valid.
     */
    public static Errno spawnCheckIds(int uid, int gid) {
        if (uid == INVALID_UID || gid == INVALID_UID) {
            return ERRNO_EINVAL;
        }
        return ERRNO_UNSPECIFIED;
    }

    /**
     * Follows fs/exec.c:__set_task_comm (strscpy_pad into comm[TASK_COMM_LEN]): the name's
     * UTF-8 bytes up to the first NUL, cut at 15 bytes, even in the middle of a
     * character. Only the first 15 characters are ever encoded, whatever the name's length.
     */
    public static byte[] setTaskComm(String comm) {
        int max = TASK_COMM_LEN - 1;
        int end = 0;
        for (int n = 0; n < max && end < comm.length(); n++) {
            end = comm.offsetByCodePoints(end, 1);
        }
        String head = comm.substring(0, end);
        int nul = head.indexOf('\0');
        byte[] bytes = (nul < 0 ? head : head.substring(0, nul)).getBytes(StandardCharsets.UTF_8);
        return bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    /**
     * A task with fds 0, 1, 2 on /dev/null (O_RDONLY, O_WRONLY, O_WRONLY). Checks its
     * arguments before any work: EINVAL for an invalid uid or gid (spawnCheckIds), the
     * comm cut to TASK_COMM_LEN - 1 bytes (setTaskComm).
     */
    public synchronized Spawned spawn(String comm, int uid, int gid, long caps, boolean unshareNet, long joinNetns) {
        Errno bad = spawnCheckIds(uid, gid);
        if (bad != ERRNO_UNSPECIFIED) {
            return new Spawned(null, bad);
        }
        long netns;
        if (unshareNet) {
            netns = ids.netns();
        } else {
            netns = joinNetns == 0 ? INIT_NETNS : joinNetns;
            if (!netnsUsers.containsKey(netns)) {
                return new Spawned(null, ERRNO_EINVAL);
            }
        }
        int pid = ids.pid();
        long generation = ids.generation();
        Cred cred = Cred.newBuilder().setPid(pid).setUid(uid).setGid(gid).setCapEffective(caps).setNetns(netns)
                .setGeneration(generation).build();
        Task t = new Task(cred, generation, setTaskComm(comm), Resource.INR_OPEN_CUR);
        int[] modes = {Fcntl.O_RDONLY, Fcntl.O_WRONLY, Fcntl.O_WRONLY};
        journal.task(t);
        for (int fd = 0; fd < modes.length; fd++) {
            nrFiles++;
            File f = new File(ids.file(), pid, devNull, modes[fd] | Fcntl.O_LARGEFILE);
            t.files().install(fd, f, false);
            journal.file(f);
            journal.fd(t, fd);
        }
        tasks.put(pid, t);
        netnsUsers.merge(netns, 1, Integer::sum);
        return new Spawned(t, ERRNO_UNSPECIFIED);
    }

    /**
     * fork(2) as kernel/fork.c's copy_process makes it without CLONE_FILES: a new task with
     * the parent's credentials, namespace, comm and RLIMIT_NOFILE, and dup_fd's copy of its fd
     * table — the same open files (each one reference more), the same close-on-exec bits.
     */
    public synchronized Spawned fork(Task parent) {
        if (tasks.get(parent.pid()) != parent) {
            return new Spawned(null, ERRNO_ESRCH); // exited meanwhile
        }
        int pid = ids.pid();
        long generation = ids.generation();
        Cred cred = parent.cred().toBuilder().setPid(pid).setGeneration(generation).build();
        Task child = new Task(cred, generation, parent.commBytes(), parent.nofileSoft());
        child.setNofile(parent.nofileSoft(), parent.nofileHard());
        journal.task(child);
        for (int fd : parent.files().openFds()) {
            File f = parent.files().lookup(fd);
            f.get();
            child.files().install(fd, f, parent.files().closeOnExec(fd));
            journal.file(f);
            journal.fd(child, fd);
        }
        tasks.put(pid, child);
        netnsUsers.merge(cred.getNetns(), 1, Integer::sum);
        return new Spawned(child, ERRNO_UNSPECIFIED);
    }

    /** The live task with this pid and generation (generation 0 matches any), or null. */
    public synchronized Task task(int pid, long generation) {
        Task t = tasks.get(pid);
        if (t == null || (generation != 0 && t.generation() != generation)) {
            return null;
        }
        return t;
    }

    public synchronized List<Task> tasks() {
        return new ArrayList<>(tasks.values());
    }

    /** do_exit: exit_files closes every fd; the namespace dies with its last task. */
    public synchronized Exited exit(Task t) {
        if (tasks.remove(t.pid()) == null) {
            return new Exited(List.of(), -1);
        }
        List<File> released = new ArrayList<>();
        for (int fd : t.files().openFds()) {
            File f = t.files().remove(fd);
            journal.fd(t, fd);
            if (f.put()) {
                released.add(f);
            }
            journal.file(f);
        }
        journal.taskGone(t);
        nrFiles -= released.size();
        long netns = t.cred().getNetns();
        int users = netnsUsers.merge(netns, -1, Integer::sum);
        if (users == 0) {
            netnsUsers.remove(netns);
            return new Exited(released, netns);
        }
        return new Exited(released, -1);
    }

    // ---- inodes ----

    /** new_inode_pseudo on the named filesystem, owned by root. */
    public Inode newInode(String fsType, int mode) {
        return newInode(fsType, mode, 0);
    }

    /** new_inode_pseudo on the named filesystem, owned by uid (i_uid). */
    public synchronized Inode newInode(String fsType, int mode, int uid) {
        Inode i = new Inode(ids.ino(), mode, fsType, uid);
        inodes.put(i.ino(), i);
        journal.inode(i);
        return i;
    }

    /**
     * Follows fs/inode.c:new_inode_pseudo with the mode the filesystem gives its inodes:
     * a socket (S_IFSOCK | 0777) on sockfs, 0777 on others.
     */
    public Inode newInodePseudo(String fsType) {
        return newInodePseudo(fsType, 0);
    }

    /** new_inode_pseudo for a task of uid: sock_alloc gives the inode the caller's fsuid. */
    public Inode newInodePseudo(String fsType, int uid) {
        int mode = SOCKFS.equals(fsType) ? Stat.S_IFSOCK | Stat.S_IRWXUGO : Stat.S_IRWXUGO;
        return newInode(fsType, mode, uid);
    }

    public synchronized Inode inode(long ino) {
        return inodes.get(ino);
    }

    /** iput / evict: the inode is gone. */
    public synchronized void evict(long ino) {
        if (ino != devNull.ino() && inodes.remove(ino) != null) {
            journal.inodeGone(ino);
        }
    }

    public synchronized int inodeCount() {
        return inodes.size();
    }

    public synchronized long nrFiles() {
        return nrFiles;
    }

    // ---- fds ----

    /** get_unused_fd_flags + alloc_file + fd_install. */
    public synchronized Result fdInstall(Task t, long ino, int fFlags, boolean cloexec) {
        return fdInstall(t, ino, fFlags, cloexec, -1, -1);
    }

    /**
     * alloc_file + fd_install into reservedFd (held by getUnusedFd); with -1, into atFd
     * (which must be free: {@link #getUnusedFd(Task, int)}), or with -1 too into the lowest
     * free fd. A failure leaves a reserved fd held: the caller puts it back.
     */
    public synchronized Result fdInstall(Task t, long ino, int fFlags, boolean cloexec, int reservedFd, int atFd) {
        Inode inode = inodes.get(ino);
        if (inode == null) {
            return Result.fail(ERRNO_EBADF);
        }
        if (reservedFd >= 0 && !t.files().isReserved(reservedFd)) {
            return Result.fail(ERRNO_EBADF);
        }
        int fd = reservedFd;
        if (fd < 0) {
            Result free = unusedFd(t, atFd);
            if (free.errno() != ERRNO_UNSPECIFIED) {
                return free;
            }
            fd = (int) free.ret();
        }
        if (nrFiles >= fileMax && !Capability.capable(t.cred().getCapEffective(), Capability.CAP_SYS_ADMIN)) {
            return Result.fail(ERRNO_ENFILE);
        }
        nrFiles++;
        File f = new File(ids.file(), t.pid(), inode, fFlags);
        t.files().install(fd, f, cloexec);
        journal.file(f);
        journal.fd(t, fd);
        return Result.ok(fd);
    }

    /** get_unused_fd_flags: holds the lowest free fd for a file still being made. */
    public synchronized Result getUnusedFd(Task t) {
        return getUnusedFd(t, -1);
    }

    /**
     * get_unused_fd_flags, or with atFd &gt;= 0 vkernel's own variant: holds exactly atFd,
     * which must be free (EBUSY when open or held, EMFILE at or past RLIMIT_NOFILE). For a
     * caller keeping an fd table beside the task's (vk run's library keeps the host's), so
     * the new file lands on the number it already holds there, never on one another
     * thread of the program holds.
     */
    public synchronized Result getUnusedFd(Task t, int atFd) {
        Result r = unusedFd(t, atFd);
        if (r.errno() == ERRNO_UNSPECIFIED) {
            t.files().reserve((int) r.ret());
        }
        return r;
    }

    /**
     * The fd a new file may take, not yet taken: the lowest free one, or atFd when it is
     * &gt;= 0 and free (EBUSY when open or held); EMFILE at or past RLIMIT_NOFILE.
     */
    private static Result unusedFd(Task t, int atFd) {
        if (atFd < 0) {
            int fd = t.files().allocFd(0, t.nofileSoft());
            return fd < 0 ? Result.fail(ERRNO_EMFILE) : Result.ok(fd);
        }
        if (atFd >= t.nofileSoft()) {
            return Result.fail(ERRNO_EMFILE);
        }
        return t.files().isFree(atFd) ? Result.ok(atFd) : Result.fail(ERRNO_EBUSY);
    }

    /** put_unused_fd. */
    public synchronized void putUnusedFd(Task t, int fd) {
        t.files().unreserve(fd);
    }

    public synchronized File fget(Task t, int fd) {
        return t.files().lookup(fd);
    }

    /** close(2): EBADF for a closed fd; the file is released on its last reference. */
    public synchronized Result close(Task t, int fd) {
        File f = t.files().remove(fd);
        if (f == null) {
            return Result.fail(ERRNO_EBADF);
        }
        journal.fd(t, fd);
        return Result.ok(0, fput(f));
    }

    /** dup(2). */
    public synchronized Result dup(Task t, int oldfd) {
        File f = t.files().lookup(oldfd);
        if (f == null) {
            return Result.fail(ERRNO_EBADF);
        }
        return installDup(t, f, 0, false, ERRNO_EMFILE);
    }

    /** dup2(2): the same fd twice is a no-op once oldfd is valid. */
    public synchronized Result dup2(Task t, int oldfd, int newfd) {
        if (oldfd == newfd) {
            return t.files().lookup(oldfd) == null ? Result.fail(ERRNO_EBADF) : Result.ok(newfd);
        }
        return dup3Locked(t, oldfd, newfd, 0);
    }

    /** dup3(2), following ksys_dup3's order of checks. */
    public synchronized Result dup3(Task t, int oldfd, int newfd, int flags) {
        if ((flags & ~Fcntl.O_CLOEXEC) != 0 || oldfd == newfd) {
            return Result.fail(ERRNO_EINVAL);
        }
        return dup3Locked(t, oldfd, newfd, flags);
    }

    private Result dup3Locked(Task t, int oldfd, int newfd, int flags) {
        if (newfd < 0 || newfd >= t.nofileSoft()) {
            return Result.fail(ERRNO_EBADF);
        }
        File f = t.files().lookup(oldfd);
        if (f == null) {
            return Result.fail(ERRNO_EBADF);
        }
        if (t.files().isReserved(newfd)) {
            return Result.fail(ERRNO_EBUSY); // do_dup2: held by an accept still under way
        }
        File old = t.files().remove(newfd);
        f.get();
        t.files().install(newfd, f, (flags & Fcntl.O_CLOEXEC) != 0);
        journal.file(f);
        journal.fd(t, newfd);
        return Result.ok(newfd, old == null ? List.of() : fput(old));
    }

    /** fcntl(2): F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL. */
    public synchronized Result fcntl(Task t, int fd, int cmd, long arg) {
        File f = t.files().lookup(fd);
        if (f == null) {
            return Result.fail(ERRNO_EBADF);
        }
        switch (cmd) {
            case Fcntl.F_DUPFD, Fcntl.F_DUPFD_CLOEXEC -> {
                // arg is an unsigned long: a negative one is past any limit
                if (arg < 0 || arg >= t.nofileSoft()) {
                    return Result.fail(ERRNO_EINVAL);
                }
                return installDup(t, f, (int) arg, cmd == Fcntl.F_DUPFD_CLOEXEC, ERRNO_EMFILE);
            }
            case Fcntl.F_GETFD -> {
                return Result.ok(t.files().closeOnExec(fd) ? Fcntl.FD_CLOEXEC : 0);
            }
            case Fcntl.F_SETFD -> {
                t.files().setCloseOnExec(fd, (arg & Fcntl.FD_CLOEXEC) != 0);
                journal.fd(t, fd);
                return Result.ok(0);
            }
            case Fcntl.F_GETFL -> {
                return Result.ok(f.fFlags());
            }
            case Fcntl.F_SETFL -> {
                Setfl.Outcome o = Setfl.setfl(t.cred(), f, (int) arg);
                if (o.errno() != ERRNO_UNSPECIFIED) {
                    return Result.fail(o.errno());
                }
                f.setFFlags(o.fFlags());
                journal.file(f);
                return Result.ok(0);
            }
            default -> {
                return Result.fail(ERRNO_EINVAL);
            }
        }
    }

    /** Every open fd of the task, lowest first, with its file. */
    public synchronized List<FdInfo> openFiles(Task t) {
        List<FdInfo> out = new ArrayList<>();
        for (int fd : t.files().openFds()) {
            File f = t.files().lookup(fd);
            out.add(new FdInfo(fd, f.inode().ino(), f.inode().fsType(), f.fFlags(), t.files().closeOnExec(fd), f.fCount()));
        }
        return out;
    }

    /** Sets the file's O_NONBLOCK from fFlags, as FIONBIO does (the rest of fFlags is ignored). */
    public Errno setFileFlags(Task t, int fd, int fFlags) {
        return setNonblock(t, fd, (fFlags & Fcntl.O_NONBLOCK) != 0);
    }

    /** Sets O_NONBLOCK as FIONBIO does, on the file behind fd. */
    public synchronized Errno setNonblock(Task t, int fd, boolean on) {
        File f = t.files().lookup(fd);
        if (f == null) {
            return ERRNO_EBADF;
        }
        f.setFFlags(on ? f.fFlags() | Fcntl.O_NONBLOCK : f.fFlags() & ~Fcntl.O_NONBLOCK);
        journal.file(f);
        return ERRNO_UNSPECIFIED;
    }

    private Result installDup(Task t, File f, int from, boolean cloexec, Errno full) {
        int newfd = t.files().allocFd(from, t.nofileSoft());
        if (newfd < 0) {
            return Result.fail(full);
        }
        f.get();
        t.files().install(newfd, f, cloexec);
        journal.file(f);
        journal.fd(t, newfd);
        return Result.ok(newfd);
    }

    private List<File> fput(File f) {
        boolean last = f.put();
        journal.file(f);
        if (last) {
            nrFiles--;
            return List.of(f);
        }
        return List.of();
    }

    // ---- limits ----

    /** setrlimit(RLIMIT_NOFILE): raising the hard limit needs CAP_SYS_RESOURCE; nr_open caps it. */
    public synchronized Result setrlimit(Task t, int resource, long soft, long hard) {
        if (resource < 0 || resource >= RLIM_NLIMITS) {
            return Result.fail(ERRNO_EINVAL);
        }
        if (resource != Resource.RLIMIT_NOFILE) {
            return Result.ok(0);
        }
        if (Long.compareUnsigned(soft, hard) > 0) {
            return Result.fail(ERRNO_EINVAL);
        }
        if (Long.compareUnsigned(hard, Resource.NR_OPEN) > 0) {
            return Result.fail(ERRNO_EPERM);
        }
        if (Long.compareUnsigned(hard, t.nofileHard()) > 0
                && !Capability.capable(t.cred().getCapEffective(), Capability.CAP_SYS_RESOURCE)) {
            return Result.fail(ERRNO_EPERM);
        }
        t.setNofile(soft, hard);
        journal.task(t);
        return Result.ok(0);
    }

    /**
     * Follows kernel/sys.c:do_prlimit for a read: EINVAL for a resource past
     * RLIM_NLIMITS; RLIMIT_NOFILE is the task's; every other resource is unlimited here.
     */
    public synchronized Rlimit getrlimit(Task t, int resource) {
        if (resource < 0 || resource >= RLIM_NLIMITS) {
            return new Rlimit(ERRNO_EINVAL, 0, 0);
        }
        if (resource == Resource.RLIMIT_NOFILE) {
            return new Rlimit(ERRNO_UNSPECIFIED, t.nofileSoft(), t.nofileHard());
        }
        return new Rlimit(ERRNO_UNSPECIFIED, Resource.RLIM_INFINITY, Resource.RLIM_INFINITY);
    }

    /** Adopts restored tables (VfsRestore): ids first, then inodes, files, tasks and their fds. */
    synchronized VfsRestore.Restored restore(vkernel.state.v1.VfsIds restoredIds, List<vkernel.state.v1.VfsTask> rTasks,
            Map<Long, vkernel.state.v1.VfsFile> rFiles, List<vkernel.state.v1.VfsFd> rFds, List<vkernel.state.v1.VfsInode> rInodes) {
        if (restoredIds != null) {
            ids.restore(restoredIds);
        }
        for (vkernel.state.v1.VfsInode i : rInodes) {
            inodes.put(i.getIno(), new Inode(i.getIno(), i.getMode(), i.getFsType(), i.getUid()));
        }
        for (vkernel.state.v1.VfsTask rt : rTasks) {
            Task t = VfsRestore.task(rt);
            tasks.put(t.pid(), t);
            netnsUsers.merge(t.cred().getNetns(), 1, Integer::sum);
        }
        Map<Long, File> files = new HashMap<>();
        int fdCount = 0;
        for (vkernel.state.v1.VfsFd rf : rFds) {
            Task t = tasks.get(rf.getPid());
            vkernel.state.v1.VfsFile vf = rFiles.get(rf.getFile());
            Inode inode = vf == null ? null : vf.getIno() == devNull.ino() ? devNull : inodes.get(vf.getIno());
            if (t == null || inode == null) {
                if (t != null) {
                    journal.fd(t, rf.getFd()); // not installed: its tombstone
                }
                continue;
            }
            File f = files.get(vf.getId());
            if (f == null) {
                f = new File(vf.getId(), rf.getPid(), inode, vf.getFFlags());
                f.setFCount(0);
                files.put(vf.getId(), f);
            }
            f.get();
            t.files().install(rf.getFd(), f, rf.getCloexec());
            fdCount++;
        }
        nrFiles = files.size();
        for (File f : files.values()) {
            journal.file(f); // f_count as recounted
        }
        for (vkernel.state.v1.VfsFile vf : rFiles.values()) {
            if (!files.containsKey(vf.getId())) {
                File gone = new File(vf.getId(), 0, devNull, vf.getFFlags());
                gone.setFCount(0);
                journal.file(gone); // held by no fd: its tombstone
            }
        }
        java.util.Set<Long> held = new java.util.HashSet<>();
        files.values().forEach(f -> held.add(f.inode().ino()));
        List<Long> orphans = new ArrayList<>();
        for (Inode i : inodes.values()) {
            if (i.ino() != devNull.ino() && !held.contains(i.ino())) {
                orphans.add(i.ino());
            }
        }
        return new VfsRestore.Restored(tasks.size(), files.size(), fdCount, inodes.size() - 1, orphans);
    }

    VfsJournal journal() {
        return journal;
    }

    /** Every open file, by its identity: what restored records name. */
    synchronized Map<Long, File> filesById() {
        Map<Long, File> byId = new HashMap<>();
        for (Task t : tasks.values()) {
            for (int fd : t.files().openFds()) {
                File f = t.files().lookup(fd);
                byId.put(f.id(), f);
            }
        }
        return byId;
    }

    public synchronized int taskCount() {
        return tasks.size();
    }

    public synchronized Collection<Long> liveNetns() {
        return new ArrayList<>(netnsUsers.keySet());
    }
}
