package vkernel.vfs.core;

import java.nio.charset.StandardCharsets;
import vkernel.cred.v1.Cred;

/**
 * struct task_struct, as much of it as this kernel needs: pid, credentials, network
 * namespace, the fd table and RLIMIT_NOFILE.
 */
public final class Task {
    private final Cred cred;
    private final long generation;
    /** task->comm: at most TASK_COMM_LEN - 1 bytes (Vfs.setTaskComm). */
    private final byte[] comm;
    private final FilesStruct files = new FilesStruct();
    private long nofileSoft;
    private long nofileHard;

    Task(Cred cred, long generation, byte[] comm, long nofile) {
        this.cred = cred;
        this.generation = generation;
        this.comm = comm;
        this.nofileSoft = nofile;
        this.nofileHard = nofile;
    }

    public int pid() {
        return cred.getPid();
    }

    public Cred cred() {
        return cred;
    }

    public long generation() {
        return generation;
    }

    /** The comm as text (get_task_comm, as ps shows it): a character cut in the middle reads as U+FFFD. */
    public String comm() {
        return new String(comm, StandardCharsets.UTF_8);
    }

    /** The comm's bytes, as task->comm holds them. */
    public byte[] commBytes() {
        return comm.clone();
    }

    public FilesStruct files() {
        return files;
    }

    public long nofileSoft() {
        return nofileSoft;
    }

    public long nofileHard() {
        return nofileHard;
    }

    void setNofile(long soft, long hard) {
        this.nofileSoft = soft;
        this.nofileHard = hard;
    }
}
