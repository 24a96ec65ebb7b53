package vkernel.vfs.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import vkernel.kernel.sched.Revents;

/**
 * struct eventpoll (fs/eventpoll.c): the interest list of one epoll file, keyed by
 * (file, fd) as the kernel's rbtree is, and its ready list in the order items became
 * ready. Linux learns readiness from callbacks on the files' wait queues; here the
 * waits of epoll_wait ask the files ({@link EpWait}) and each answer is observed. All
 * state changes under {@link Vfs}'s lock.
 */
final class Eventpoll {
    record Key(long fileId, int fd) {}

    /** The epoll file's inode: the key of its items' records. */
    final long ino;
    /** The process tree the epoll file was made in: its items' records' shard. */
    final int shard;
    private final Map<Key, Epitem> items = new LinkedHashMap<>();
    private final Deque<Epitem> rdllist = new ArrayDeque<>();
    /** How often this epoll file's own wait queue was woken: an item became ready (for an epoll watching this one). */
    private long wakes;
    /** epoll_waits sleeping on this epoll: told when the interest list changes, so they look again. */
    private final List<Runnable> sleepers = new CopyOnWriteArrayList<>();

    Eventpoll(long ino, int shard) {
        this.ino = ino;
        this.shard = shard;
    }

    Epitem find(File f, int fd) {
        return items.get(new Key(f.id(), fd));
    }

    void insert(Epitem epi) {
        items.put(new Key(epi.file.id(), epi.fd), epi);
        epi.file.fEp.add(epi);
    }

    void remove(Epitem epi) {
        items.remove(new Key(epi.file.id(), epi.fd));
        epi.file.fEp.remove(epi);
        if (epi.ready) {
            rdllist.remove(epi);
            epi.ready = false;
        }
    }

    List<Epitem> items() {
        return new ArrayList<>(items.values());
    }

    boolean hasItem(Epitem epi) {
        return items.get(new Key(epi.file.id(), epi.fd)) == epi;
    }

    /** An answer of the item's file: queued on the ready list if it makes the item ready (ep_poll_callback). */
    void observe(Epitem epi, Revents r) {
        if (epi.observe(r)) {
            queue(epi);
        }
    }

    /** Puts an item that became ready on the ready list, waking this epoll file's own waiters. */
    void queue(Epitem epi) {
        if (!epi.ready && hasItem(epi)) {
            epi.ready = true;
            rdllist.addLast(epi);
            wakes++;
        }
    }

    /**
     * ep_send_events: takes the ready list and reports, in its order, up to maxevents items
     * whose file (as just looked at: fresh) still has one of their events; an item whose
     * file has none any more leaves the list. A reported EPOLLONESHOT item is disabled
     * (its events cut to the private bits), a level-triggered one goes back to the tail,
     * an edge-triggered one waits for its next wake-up. Items not reached, or not looked
     * at yet, stay in front. With peek (the epoll file itself polled), nothing is taken.
     */
    List<Epitem> sendEvents(int maxevents, Map<Epitem, Revents> fresh, boolean peek, List<Integer> revents) {
        List<Epitem> tx = takeReady();
        List<Epitem> reported = new ArrayList<>();
        List<Epitem> stay = new ArrayList<>();
        List<Epitem> relink = new ArrayList<>();
        for (Epitem epi : tx) {
            Revents r = fresh.get(epi);
            if (reported.size() >= maxevents || r == null) {
                stay.add(epi);
                continue;
            }
            int ev = r.mask() & epi.pollEvents();
            if (ev == 0) {
                continue;
            }
            reported.add(epi);
            revents.add(ev);
            if (peek) {
                stay.add(epi);
            } else if ((epi.events & vkernel.uapi.Epoll.EPOLLONESHOT) != 0) {
                epi.events &= vkernel.uapi.Epoll.EP_PRIVATE_BITS;
            } else if (!epi.edgeTriggered()) {
                relink.add(epi);
            }
        }
        requeueFront(stay);
        relink.forEach(this::requeue);
        return reported;
    }

    /** ep_events_available. */
    boolean eventsAvailable() {
        return !rdllist.isEmpty();
    }

    long wakes() {
        return wakes;
    }

    /** The ready list, taken off as ep_send_events splices it (items not reported go back in front). */
    List<Epitem> takeReady() {
        List<Epitem> tx = new ArrayList<>(rdllist);
        rdllist.clear();
        tx.forEach(epi -> epi.ready = false);
        return tx;
    }

    /** Puts an item back at the tail of the ready list: a level-triggered item just reported, or one not reached. */
    void requeue(Epitem epi) {
        if (!epi.ready && hasItem(epi)) {
            epi.ready = true;
            rdllist.addLast(epi);
        }
    }

    /** Items of the ready list not reached by one epoll_wait go back first, in their order. */
    void requeueFront(List<Epitem> notReached) {
        for (int i = notReached.size() - 1; i >= 0; i--) {
            Epitem epi = notReached.get(i);
            if (!epi.ready && hasItem(epi)) {
                epi.ready = true;
                rdllist.addFirst(epi);
            }
        }
    }

    void addSleeper(Runnable lookAgain) {
        sleepers.add(lookAgain);
    }

    void removeSleeper(Runnable lookAgain) {
        sleepers.remove(lookAgain);
    }

    /** The interest list changed: every epoll_wait sleeping here looks again (call without the lock). */
    void wakeSleepers() {
        for (Runnable r : sleepers) {
            r.run();
        }
    }
}
