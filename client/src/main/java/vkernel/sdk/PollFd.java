package vkernel.sdk;

/** struct pollfd as poll(2) takes it: an fd and the events asked for. */
public record PollFd(int fd, int events) {}
