package vkernel.uapi;

import java.util.OptionalLong;

/** include/uapi/linux/capability.h: the bits of cap_effective this kernel checks or grants. */
public final class Capability {
    private Capability() {}

    public static final int CAP_CHOWN = 0;
    public static final int CAP_DAC_OVERRIDE = 1;
    public static final int CAP_DAC_READ_SEARCH = 2;
    public static final int CAP_FOWNER = 3;
    public static final int CAP_FSETID = 4;
    public static final int CAP_KILL = 5;
    public static final int CAP_SETGID = 6;
    public static final int CAP_SETUID = 7;
    public static final int CAP_SETPCAP = 8;
    public static final int CAP_LINUX_IMMUTABLE = 9;
    public static final int CAP_NET_BIND_SERVICE = 10;
    public static final int CAP_NET_BROADCAST = 11;
    public static final int CAP_NET_ADMIN = 12;
    public static final int CAP_NET_RAW = 13;
    public static final int CAP_IPC_LOCK = 14;
    public static final int CAP_IPC_OWNER = 15;
    public static final int CAP_SYS_MODULE = 16;
    public static final int CAP_SYS_RAWIO = 17;
    public static final int CAP_SYS_CHROOT = 18;
    public static final int CAP_SYS_PTRACE = 19;
    public static final int CAP_SYS_PACCT = 20;
    public static final int CAP_SYS_ADMIN = 21;
    public static final int CAP_SYS_BOOT = 22;
    public static final int CAP_SYS_NICE = 23;
    public static final int CAP_SYS_RESOURCE = 24;
    public static final int CAP_SYS_TIME = 25;
    public static final int CAP_SYS_TTY_CONFIG = 26;
    public static final int CAP_MKNOD = 27;
    public static final int CAP_LEASE = 28;
    public static final int CAP_AUDIT_WRITE = 29;
    public static final int CAP_AUDIT_CONTROL = 30;
    public static final int CAP_SETFCAP = 31;
    public static final int CAP_MAC_OVERRIDE = 32;
    public static final int CAP_MAC_ADMIN = 33;
    public static final int CAP_SYSLOG = 34;
    public static final int CAP_WAKE_ALARM = 35;
    public static final int CAP_BLOCK_SUSPEND = 36;
    public static final int CAP_AUDIT_READ = 37;
    public static final int CAP_PERFMON = 38;
    public static final int CAP_BPF = 39;
    public static final int CAP_CHECKPOINT_RESTORE = 40;
    public static final int CAP_LAST_CAP = CAP_CHECKPOINT_RESTORE;

    /** Every capability, as root has them. */
    public static final long CAP_FULL_SET = (1L << (CAP_LAST_CAP + 1)) - 1;

    public static boolean capable(long capEffective, int cap) {
        return (capEffective & (1L << cap)) != 0;
    }

    public static long mask(int... caps) {
        long m = 0;
        for (int c : caps) {
            m |= 1L << c;
        }
        return m;
    }

    /**
     * A cap_effective mask from "all", "none" or CAP_X,CAP_Y (as `spawn caps=` and `vk run
     * --caps` take it); IllegalArgumentException names an unknown capability.
     */
    public static long parseMask(String list) {
        if (list.equals("all")) {
            return CAP_FULL_SET;
        }
        long mask = 0;
        if (list.equals("none")) {
            return mask;
        }
        for (String c : list.split(",")) {
            if (c.isEmpty()) {
                continue;
            }
            OptionalLong bit = c.startsWith("CAP_") && !c.equals("CAP_LAST_CAP") ? Constants.lookup(c) : OptionalLong.empty();
            if (bit.isEmpty() || bit.getAsLong() < 0 || bit.getAsLong() > CAP_LAST_CAP) {
                throw new IllegalArgumentException("unknown capability '" + c + "'");
            }
            mask |= 1L << bit.getAsLong();
        }
        return mask;
    }
}
