package vkernel.sdk;

/** struct epoll_event: the events (EPOLLIN, ... and the flags EPOLLET, EPOLLONESHOT, ...) and the caller's data. */
public record EpollEvent(int events, long data) {}
