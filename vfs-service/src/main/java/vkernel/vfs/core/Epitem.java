package vkernel.vfs.core;

import vkernel.kernel.sched.Revents;
import vkernel.uapi.Epoll;

/**
 * struct epitem: one (file, fd) an epoll file watches, its epoll_event and whether it is
 * on the ready list. Changed only under {@link Vfs}'s lock.
 */
final class Epitem {
    final Eventpoll ep;
    final File file;
    final int fd;
    /** epi->event.events: what was asked, with EPOLLERR and EPOLLHUP, and the private bits. */
    int events;
    long data;
    /** On the ready list (rdllink linked). */
    boolean ready;
    /** The file's wake-ups seen so far: an edge-triggered item is queued again only by a later one. */
    long seenWakes;

    Epitem(Eventpoll ep, File file, int fd, int events, long data) {
        this.ep = ep;
        this.file = file;
        this.fd = fd;
        this.events = events;
        this.data = data;
    }

    /** The events asked for, without the private bits: what the file's poll is filtered by. */
    int pollEvents() {
        return events & ~Epoll.EP_PRIVATE_BITS;
    }

    boolean edgeTriggered() {
        return (events & Epoll.EPOLLET) != 0;
    }

    /** What a poll of the file waits for: any readiness, or for an edge-triggered item a wake-up not seen yet. */
    long afterWake() {
        return edgeTriggered() ? seenWakes : Revents.LEVEL;
    }

    /**
     * Whether an answer of the file's poll puts the item on the ready list, as
     * ep_poll_callback and ep_insert/ep_modify do: one of its events is ready and, when
     * edge-triggered, the file was woken since the item last looked. Records the wake-ups seen.
     */
    boolean observe(Revents r) {
        boolean woken = r.wakes() > seenWakes;
        seenWakes = Math.max(seenWakes, r.wakes());
        return (r.mask() & pollEvents()) != 0 && (!edgeTriggered() || woken);
    }
}
