package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vkernel.e2e.VkCommand.Run;

/**
 * Processes under `vk run` (issue 13): signals that interrupt a call blocked in the kernel,
 * fork giving the child a task of its own, exec keeping the fds that are not close-on-exec.
 * Each prints what the same Python program printed on Linux 6.18 under unshare -n.
 */
class VkRunProcessesTest {
    private static RunNamespace namespace;

    @BeforeAll
    static void namespace() throws Exception {
        namespace = RunNamespace.open("vk-run-proc");
    }

    @AfterAll
    static void leave() {
        namespace.close();
    }

    private static Run python(String program) throws Exception {
        return VkCommand.run(namespace.kernel, "run", "--netns", namespace.netns(), "--", "python3", "-c", program);
    }

    /**
     * A signal whose handler does not restart calls interrupts a call blocked in the kernel:
     * recv and accept end with EINTR (Python raises the handler's exception), a handler that
     * returns lets Python call recv again (PEP 475), and the sockets work on afterwards. The
     * same lines as on Linux 6.18 under unshare -n.
     */
    @Test
    void aSignalInterruptsACallBlockedInTheKernel() throws Exception {
        Run r = python("""
                import socket, signal, threading, time
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 8030))
                class Alarm(Exception): pass
                def raise_alarm(*a): raise Alarm()
                signal.signal(signal.SIGALRM, raise_alarm)
                signal.setitimer(signal.ITIMER_REAL, 0.2)
                t0 = time.monotonic()
                try:
                    s.recv(10); print("not interrupted")
                except Alarm:
                    print("recv interrupted", time.monotonic() - t0 < 3)
                hits = []
                signal.signal(signal.SIGALRM, lambda *a: hits.append("alarm"))
                signal.setitimer(signal.ITIMER_REAL, 0.2)
                def late():
                    time.sleep(0.6)
                    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"late", ("127.0.0.1", 8030))
                threading.Thread(target=late).start()
                print("recv after a handler that returned:", s.recv(10), hits)
                l = socket.socket(); l.bind(("127.0.0.1", 8031)); l.listen()
                signal.signal(signal.SIGALRM, raise_alarm)
                signal.setitimer(signal.ITIMER_REAL, 0.2)
                try:
                    l.accept(); print("not interrupted")
                except Alarm:
                    print("accept interrupted")
                c = socket.socket(); c.connect(("127.0.0.1", 8031)); a, _ = l.accept()
                c.send(b"still works"); print(a.recv(20))
                """);

        assertEquals(0, r.code(), r.out());
        assertEquals("recv interrupted True\nrecv after a handler that returned: b'late' ['alarm']\naccept interrupted\n"
                + "b'still works'\n", r.out());
    }

    /**
     * fork(2) makes the child a task of its own with a copy of the parent's fd table: the
     * parent closing the listener leaves the child's copy listening, each numbers its new
     * sockets in its own table, and the child's exit closes what it held. The same lines as
     * on Linux 6.18 under unshare -n.
     */
    @Test
    void aForkedChildKeepsItsOwnCopyOfTheParentsSockets() throws Exception {
        Run r = python("""
                import os, socket, time
                l = socket.socket(); l.bind(("127.0.0.1", 8040)); l.listen()
                pid = os.fork()
                if pid == 0:
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    c, _ = l.accept()
                    c.sendall(b"the child accepted on its copy; its new socket is fd %d" % s.fileno())
                    c.recv(1)
                    os._exit(0)
                l.close()
                mine = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                print("the parent closed its copy; its new socket is fd", mine.fileno())
                c = socket.socket(); c.connect(("127.0.0.1", 8040))
                print(c.recv(100).decode())
                c.close()
                os.waitpid(pid, 0)
                for i in range(100):
                    again = socket.socket(); again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    try:
                        again.bind(("127.0.0.1", 8040)); again.listen(); print("the child's exit closed its listener"); break
                    except OSError as e:
                        again.close(); time.sleep(0.05)
                else:
                    print("port still held:", e)
                """);

        assertEquals(0, r.code(), r.out());
        assertEquals("the parent closed its copy; its new socket is fd 3\n"
                + "the child accepted on its copy; its new socket is fd 4\n"
                + "the child's exit closed its listener\n", r.out());
    }

    /**
     * exec keeps the vkernel fds that are not close-on-exec (do_close_on_exec): a listener passed
     * to a subprocess (vfork, then exec of python3) is its socket there, the close-on-exec one is
     * closed in the child and its number free for the child's next socket, and the parent's stays
     * open. The same lines as on Linux 6.18 under unshare -n.
     */
    @Test
    void anExecedChildKeepsTheSocketsThatAreNotCloseOnExec() throws Exception {
        Run r = python("""
                import os, socket, subprocess, sys
                l = socket.socket(); l.bind(("127.0.0.1", 8050)); l.listen()
                os.set_inheritable(l.fileno(), True)
                hidden = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                child = '''
                import os, socket, sys
                l = socket.socket(fileno=int(sys.argv[1]))
                print("the exec'ed child has the listener:", l.getsockname(), flush=True)
                try:
                    os.fstat(int(sys.argv[2])); print("close-on-exec fd still open", flush=True)
                except OSError as e:
                    print("the close-on-exec fd is closed:", e.strerror, flush=True)
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                print("its new socket takes that number:", s.fileno() == int(sys.argv[2]), flush=True)
                c, _ = l.accept(); c.sendall(b"hello from the exec'ed child")
                '''
                p = subprocess.Popen([sys.executable, "-c", child, str(l.fileno()), str(hidden.fileno())], pass_fds=[l.fileno()])
                c = socket.socket(); c.connect(("127.0.0.1", 8050)); print(c.recv(100).decode(), flush=True)
                p.wait()
                print("the parent's close-on-exec socket is still open:", hidden.getsockname()[0])
                """);

        assertEquals(0, r.code(), r.out());
        assertEquals("the exec'ed child has the listener: ('127.0.0.1', 8050)\n"
                + "the close-on-exec fd is closed: Bad file descriptor\n"
                + "its new socket takes that number: True\n"
                + "hello from the exec'ed child\n"
                + "the parent's close-on-exec socket is still open: 0.0.0.0\n", r.out());
    }
}
