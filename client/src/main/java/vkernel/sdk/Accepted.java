package vkernel.sdk;

/** What accept(2) / accept4(2) return: the new fd and the peer's address. */
public record Accepted(int fd, SockAddr peer) {}
