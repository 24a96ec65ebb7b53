package vkernel.socket.core;

import java.util.concurrent.ConcurrentHashMap;

/** The sockets of sockfs, by inode number (SOCKET_I). */
public final class SocketTable {
    private final ConcurrentHashMap<Long, Socket> byIno = new ConcurrentHashMap<>();

    public void add(Socket s) {
        byIno.put(s.ino(), s);
    }

    public Socket get(long ino) {
        return byIno.get(ino);
    }

    public Socket remove(long ino) {
        return byIno.remove(ino);
    }

    public int size() {
        return byIno.size();
    }
}
