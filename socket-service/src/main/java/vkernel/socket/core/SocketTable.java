package vkernel.socket.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sockets of sockfs, by inode number (SOCKET_I). A socket is recorded when it
 * enters the table; one that leaves it is being released (see {@link SockRelease}).
 */
public final class SocketTable {
    private final ConcurrentHashMap<Long, Socket> byIno = new ConcurrentHashMap<>();
    private final SocketJournal journal;

    public SocketTable() {
        this(new SocketJournal(vkernel.kernel.state.StateChanges.DISCARD));
    }

    SocketTable(SocketJournal journal) {
        this.journal = journal;
    }

    public void add(Socket s) {
        synchronized (s) {
            byIno.put(s.ino(), s);
            s.attach(journal);
        }
    }

    /** A socket read back from the state topic. */
    void restore(Socket s) {
        synchronized (s) {
            byIno.put(s.ino(), s);
            s.attachRestored(journal);
        }
    }

    public Socket get(long ino) {
        return byIno.get(ino);
    }

    /** Takes the socket out of the table; the caller releases it. */
    public Socket remove(long ino) {
        return byIno.remove(ino);
    }

    public int size() {
        return byIno.size();
    }

    /** The sockets now, in no order. */
    public List<Socket> all() {
        return new ArrayList<>(byIno.values());
    }

    SocketJournal journal() {
        return journal;
    }
}
