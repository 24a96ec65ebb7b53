package vkernel.vfs.core;

import vkernel.cred.v1.Cred;

/**
 * struct task_struct, as much of it as this kernel needs: pid, credentials, network
 * namespace, the fd table and RLIMIT_NOFILE.
 */
public final class Task {
    private final Cred cred;
    private final long generation;
    private final String comm;
    private final FilesStruct files = new FilesStruct();
    private long nofileSoft;
    private long nofileHard;

    Task(Cred cred, long generation, String comm, long nofile) {
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

    public String comm() {
        return comm;
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
