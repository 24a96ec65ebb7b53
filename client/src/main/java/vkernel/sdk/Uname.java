package vkernel.sdk;

/** uname(2), and where the kernel serves its user-facing contracts. */
public record Uname(String sysname, String release, String vfsAddress, String socketAddress) {}
