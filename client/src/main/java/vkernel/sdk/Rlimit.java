package vkernel.sdk;

/** struct rlimit: rlim_cur and rlim_max (-1 is RLIM_INFINITY). */
public record Rlimit(long soft, long hard) {}
