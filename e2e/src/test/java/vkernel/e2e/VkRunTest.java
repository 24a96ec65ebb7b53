package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vkernel.e2e.VkCommand.Run;
import vkernel.launcher.Kernel;

/**
 * Unmodified programs under `vk run` (issue 13): python3 and nc, their AF_INET sockets a task's
 * of the test kernel, in a network namespace this test holds open with a task of its own.
 */
class VkRunTest {
    private static RunNamespace namespace;
    private static Kernel kernel;

    @BeforeAll
    static void namespace() throws Exception {
        namespace = RunNamespace.open("vk-run-netns");
        kernel = namespace.kernel;
    }

    @AfterAll
    static void leave() {
        namespace.close();
    }

    @Test
    void aPythonTcpServerChecksumsTheMebibyteAPythonClientSends() throws Exception {
        Process server = python("""
                import socket, hashlib
                l = socket.socket(); l.bind(("127.0.0.1", 8000)); l.listen(1)
                c, _ = l.accept(); h = hashlib.sha256()
                while (b := c.recv(65536)): h.update(b)
                c.sendall(h.hexdigest().encode()); c.close()
                """);
        Run c = VkCommand.run(kernel, "run", "--netns", netns(), "--", "python3", "-c", """
                import socket, hashlib, os, time
                data = os.urandom(1 << 20)
                for i in range(300):
                    s = socket.socket()
                    try: s.connect(("127.0.0.1", 8000)); break
                    except ConnectionRefusedError: s.close(); time.sleep(0.1)
                s.sendall(data); s.shutdown(socket.SHUT_WR)
                got = b"".join(iter(lambda: s.recv(4096), b"")).decode()
                print("sent", hashlib.sha256(data).hexdigest(), "server", got)
                """);

        assertEquals(0, c.code(), c.out());
        String[] words = c.out().trim().split(" ");
        assertEquals(4, words.length, c.out());
        assertEquals(words[1], words[3], "the server's sha256 of what the client sent");
        assertExits(0, server);
    }

    /**
     * os.sendfile from a host file to a vkernel socket: the library reads the file and writes
     * the socket, the file's position or the offset advancing by what was sent, as Linux's
     * do_sendfile; socket.sendfile() (which uses it) moves a 3 MiB file whole.
     */
    @Test
    void sendfileMovesAHostFileIntoAVkernelSocket(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("payload");
        byte[] payload = new byte[3 << 20];
        new Random(13).nextBytes(payload);
        Files.write(file, payload);
        Run r = VkCommand.run(kernel, "run", "--netns", netns(), "--", "python3", "-c", """
                import socket, hashlib, os, sys, threading
                l = socket.socket(); l.bind(("127.0.0.1", 8006)); l.listen(1)
                got = []
                def serve():
                    c, _ = l.accept(); h = hashlib.sha256(); n = 0
                    while (b := c.recv(65536)): h.update(b); n += len(b)
                    got.append((n, h.hexdigest()))
                t = threading.Thread(target=serve); t.start()
                s = socket.create_connection(("127.0.0.1", 8006))
                f = open(sys.argv[1], "rb")
                print(os.sendfile(s.fileno(), f.fileno(), 10, 100), f.tell())   # offset given: the position stays
                print(os.sendfile(s.fileno(), f.fileno(), None, 50), f.tell())  # none: the position moves
                f.seek(0)
                print(s.sendfile(f), f.tell())
                s.close(); t.join()
                print(got[0][0], got[0][1] == hashlib.sha256(open(sys.argv[1], "rb").read()[10:110]
                        + open(sys.argv[1], "rb").read()[0:50] + open(sys.argv[1], "rb").read()).hexdigest())
                """, file.toString());

        assertEquals(0, r.code(), r.out());
        assertEquals("100 0\n50 50\n3145728 3145728\n3145878 True\n", r.out());
    }

    @Test
    void aPythonUdpClientGetsItsAnswer() throws Exception {
        Process server = python("""
                import socket
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 8001))
                d, a = s.recvfrom(100); s.sendto(d.upper(), a)
                """);
        // settimeout: non-blocking fd (ioctl FIONBIO) and poll before each recvfrom
        Run c = VkCommand.run(kernel, "run", "--netns", netns(), "--", "python3", "-c", """
                import socket
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.2)
                for i in range(300):
                    s.sendto(b"ping", ("127.0.0.1", 8001))
                    try: print(s.recvfrom(100)); break
                    except socket.timeout: pass
                """);

        assertEquals(0, c.code(), c.out());
        assertEquals("(b'PING', ('127.0.0.1', 8001))", c.out().trim());
        assertExits(0, server);
    }

    @Test
    void aThreadBlockedInAcceptHoldsUpNoOtherThread() throws Exception {
        // each thread has its own connection to vk run: the main thread's connect and send go on
        Run r = VkCommand.run(kernel, "run", "--netns", netns(), "--", "python3", "-c", """
                import socket, threading, time
                l = socket.socket(); l.bind(("127.0.0.1", 8003)); l.listen(1)
                got = []
                def serve():
                    c, _ = l.accept(); got.append(c.recv(100)); c.sendall(b"pong"); c.close()
                t = threading.Thread(target=serve); t.start(); time.sleep(0.5)
                s = socket.create_connection(("127.0.0.1", 8003)); s.sendall(b"ping")
                answer = s.recv(100); t.join(); print(answer, got)
                """);

        assertEquals(0, r.code(), r.out());
        assertEquals("b'pong' [b'ping']", r.out().trim());
    }

    @Test
    void threadsMakingSocketsAtOnceEachKeepTheirOwn() throws Exception {
        // each new fd is made on the number the library holds in the host's table for its
        // thread; made at the task's lowest free fd first, it would land on a number another
        // thread holds, and be moved onto (or closed under) that thread's socket
        Run r = VkCommand.run(kernel, "run", "--unshare-net", "--", "python3", "-c", """
                import socket, threading
                errors = []
                def loop(i):
                    try:
                        for n in range(25):
                            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                            s.bind(("0.0.0.0", 0)); port = s.getsockname()[1]
                            t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                            if t.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE) != socket.SOCK_STREAM: errors.append((i, n, "type"))
                            if s.getsockname()[1] != port: errors.append((i, n, "name", port, s.getsockname()))
                            t.close(); s.close()
                    except OSError as e:
                        errors.append((i, e))
                ts = [threading.Thread(target=loop, args=(i,)) for i in range(6)]
                [t.start() for t in ts]; [t.join() for t in ts]
                print(errors[:5] if errors else "ok")
                """);

        assertEquals(0, r.code(), r.out());
        assertEquals("ok", r.out().trim());
    }

    @Test
    void selectWaitsOnAPipeAndAVkernelSocketTogether() throws Exception {
        Run r = VkCommand.run(kernel, "run", "--netns", netns(), "--", "python3", "-c", """
                import socket, select, os
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 8004))
                r, w = os.pipe()
                print(select.select([s, r], [], [], 0.2))
                s.sendto(b"x", ("127.0.0.1", 8004))
                rr, ww, _ = select.select([s, r], [s], [], 5)
                print(rr == [s], ww == [s])
                os.write(w, b"y")
                print(len(select.select([s, r], [], [], 5)[0]))
                """);

        assertEquals(0, r.code(), r.out());
        assertEquals("([], [], [])\nTrue True\n2\n", r.out());
    }

    /**
     * epoll under vk run (docs/run.md, epoll): selectors.EpollSelector reports a listener's
     * connection and a connection's bytes, and asyncio (an EpollSelector with its host
     * self-pipe beside the vkernel sockets) echoes a message.
     */
    @Test
    void pythonsEpollSelectorAndAsyncioEchoOverVkernelSockets() throws Exception {
        Run r = VkCommand.run(kernel, "run", "--netns", netns(), "--", "python3", "-c", """
                import asyncio, selectors, socket
                sel = selectors.EpollSelector()
                l = socket.socket(); l.bind(("127.0.0.1", 8007)); l.listen(1); l.setblocking(False)
                sel.register(l, selectors.EVENT_READ, "listener")
                c = socket.socket(); c.connect(("127.0.0.1", 8007))
                print([k.data for k, _ in sel.select(5)])
                a, _ = l.accept(); a.setblocking(False)
                sel.register(a, selectors.EVENT_READ, "conn")
                c.sendall(b"ping")
                print([(k.data, m) for k, m in sel.select(5)], a.recv(10))
                sel.close(); a.close(); c.close(); l.close()
                async def echo(r, w):
                    w.write(await r.read(100)); await w.drain(); w.close()
                async def main():
                    srv = await asyncio.start_server(echo, "127.0.0.1", 8008)
                    r, w = await asyncio.open_connection("127.0.0.1", 8008)
                    w.write(b"hello over epoll"); await w.drain()
                    print(await r.read(100)); w.close(); srv.close(); await srv.wait_closed()
                asyncio.run(main())
                """);

        assertEquals(0, r.code(), r.out());
        assertEquals("['listener']\n[('conn', 1)] b'ping'\nb'hello over epoll'\n", r.out());
    }

    @Test
    void fdNumbersAreLowestFreeAcrossHostAndVkernelFds() throws Exception {
        Run r = VkCommand.run(kernel, "run", "--unshare-net", "--", "python3", "-c", """
                import socket, os
                s1 = socket.socket()
                f = os.open("/dev/null", os.O_RDONLY)
                s2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                r, w = os.pipe()
                n = [s1.fileno(), f, s2.fileno(), r, w]
                assert n == list(range(n[0], n[0] + 5)), n
                os.close(f)
                s3 = socket.socket(); assert s3.fileno() == f, ("a socket takes a host file's hole", s3.fileno())
                s1.close()
                g = os.open("/dev/null", os.O_RDONLY); assert g == n[0], ("a host file takes a socket's hole", g)
                d = os.dup(s2.fileno()); assert d == n[0] + 5, ("dup is lowest-free", d)
                os.dup2(s2.fileno(), w)
                name = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, 0, w).getsockname()
                assert name == ("0.0.0.0", 0), ("dup2 made the pipe's number vkernel's socket", name)
                os.dup2(r, s3.fileno())
                try: socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0, s3.fileno()).getsockname(); assert False
                except OSError as e: assert e.errno == 88, ("dup2 made the socket's number a pipe", e)
                print("ok", n)
                """);

        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().startsWith("ok "), r.out());
    }

    @Test
    void curlFetchesAFileFromPythonsHttpServer(@TempDir Path dir) throws Exception {
        assumeTrue(exec("sh", "-c", "command -v curl") == 0 || exec("apt-get", "install", "-y", "curl") == 0,
                "curl is not installed and apt-get install -y curl failed");
        Files.writeString(dir.resolve("hi.txt"), "hello from vkernel\n");
        Process server = VkCommand.start(kernel, "run", "--netns", netns(), "--", "python3", "-m", "http.server",
                "8005", "--bind", "127.0.0.1", "--directory", dir.toString());
        try {
            Run c = VkCommand.run(kernel, "run", "--netns", netns(), "--", "sh", "-c",
                    "for i in $(seq 100); do curl -s --max-time 10 http://127.0.0.1:8005/hi.txt && exit 0;"
                            + " sleep 0.3; done; exit 1");

            assertEquals(0, c.code(), c.out());
            assertEquals("hello from vkernel\n", c.out());
        } finally {
            server.destroy(); // vk run's shutdown: the server goes, its task exits
            server.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNewNamespaceIsAsUnshareMakesItUntilIpLinkSetLoUp() throws Exception {
        assumeTrue(exec("sh", "-c", "command -v ip") == 0 || exec("apt-get", "install", "-y", "iproute2") == 0,
                "ip (iproute2) is not installed and apt-get install -y iproute2 failed");
        // rtnetlink over AF_NETLINK sendmsg/recvmsg with iovecs and msg_name, answered by vkernel's
        // devices and FIB: lo down with no address, a route through it refused, then lo up; a
        // dump of a table that does not exist ends with the extack text in NLMSG_DONE
        Run r = VkCommand.run(kernel, "run", "--unshare-net", "--", "sh", "-c", "exec 2>&1; ip link; ip -4 addr;"
                + " ip -4 route show table all; ip route add 10.1.0.0/16 dev lo; echo \"rc=$?\"; ip link set lo up;"
                + " ip link; ip -4 addr; ip -4 route show table all; ip route add 10.1.0.0/16 dev lo"
                + " && echo \"[$(ip route show)]\" && ip route del 10.1.0.0/16 dev lo && echo \"[$(ip route show)]\";"
                + " ip route show table 99; echo \"rc=$?\"");

        assertEquals(0, r.code(), r.out());
        // what `unshare -n sh -c '...'` prints on Linux 6.18 (iproute2 6.1)
        assertEquals("""
                1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
                    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
                Error: Device for nexthop is not up.
                rc=2
                1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
                    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
                1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                    inet 127.0.0.1/8 scope host lo
                       valid_lft forever preferred_lft forever
                local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1\s
                local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1\s
                broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1\s
                [10.1.0.0/16 dev lo scope link ]
                []
                Error: ipv4: FIB table does not exist.
                Dump terminated
                rc=2
                """, r.out());
    }

    @Test
    void capsGiveAnUnprivilegedProgramWhatItNeeds() throws Exception {
        String bind80 = """
                import socket
                s = socket.socket()
                try: s.bind(("127.0.0.1", 80)); print("bound")
                except OSError as e: print(e.strerror)
                """;
        Run plain = VkCommand.run(kernel, "run", "--uid", "1000", "--netns", netns(), "--", "python3", "-c", bind80);
        Run capable = VkCommand.run(kernel, "run", "--uid", "1000", "--caps", "CAP_NET_BIND_SERVICE", "--netns", netns(),
                "--", "python3", "-c", bind80);

        assertEquals("Permission denied\n", plain.out(), "uid 1000 without capabilities: EACCES below port 1024");
        assertEquals("bound\n", capable.out());
    }

    @Test
    void vkTraceDrawsTheProgramsSocketCall() throws Exception {
        Process p = VkCommand.start(kernel, "run", "--netns", netns(), "--", "python3", "-c", """
                import socket, time
                s = socket.socket()
                print("ready", flush=True)
                time.sleep(120)
                """);
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine());
            String pid = null;
            for (String line : VkCommand.vk(kernel, "ps").split("\n")) { // the program's task, under its name
                String[] f = line.trim().split("\\s+");
                if (f[f.length - 1].equals("python3")) {
                    pid = f[0];
                }
            }
            assertTrue(pid != null, "vk ps lists python3");
            String tree = VkTraceTest.vkTrace(kernel, java.util.List.of("--from-beginning", "--pid", pid, "--call", "socket",
                    "--max", "1", "--seconds", "60", "--stable"));
            // Python asks for SOCK_STREAM|SOCK_CLOEXEC: the same tree as the SDK's socket(), close-on-exec
            assertEquals(VkTraceTest.golden("vk-trace-socket-af-inet-stream.txt").replace("PID", pid)
                    .replace("close_on_exec=false", "close_on_exec=true"), tree);
        } finally {
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void theProgramsExitStatusIsVkRuns() throws Exception {
        assertEquals(3, VkCommand.run(kernel, "run", "--", "sh", "-c", "exit 3").code());
    }

    @Test
    void ncMovesAFile(@TempDir Path dir) throws Exception {
        assumeTrue(netcat(), "nc (netcat-openbsd) is not installed and apt-get install -y netcat-openbsd failed");
        byte[] file = new byte[256 * 1024];
        new Random(13).nextBytes(file);
        Files.write(dir.resolve("in"), file);
        Process server = VkCommand.start(kernel, "run", "--netns", netns(), "--", "sh", "-c",
                "nc -4 -l 127.0.0.1 8002 < /dev/null > " + dir.resolve("out"));
        // -N: shutdown(SHUT_WR) at the file's end, so the listener sees EOF; retried until it listens
        Run c = VkCommand.run(kernel, "run", "--netns", netns(), "--", "sh", "-c",
                "for i in $(seq 150); do nc -4 -N 127.0.0.1 8002 < " + dir.resolve("in")
                        + " && exit 0; sleep 0.2; done; exit 1");

        assertEquals(0, c.code(), c.out());
        assertExits(0, server);
        assertArrayEquals(sha256(file), sha256(Files.readAllBytes(dir.resolve("out"))));
    }

    private static Process python(String program) throws IOException {
        return VkCommand.start(kernel, "run", "--netns", netns(), "--", "python3", "-c", program);
    }

    private static String netns() {
        return namespace.netns();
    }

    private static void assertExits(int code, Process p) throws Exception {
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        String out = ended ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "the server did not finish");
        assertEquals(code, p.exitValue(), out);
    }

    /** nc is there, or apt-get installs it (as issue 13's proof asks). */
    static boolean netcat() throws InterruptedException {
        return exec("sh", "-c", "command -v nc") == 0
                || exec("apt-get", "install", "-y", "netcat-openbsd") == 0 && exec("sh", "-c", "command -v nc") == 0;
    }

    /** A host command's exit status; one that cannot start is 127, as the shell says it. */
    private static int exec(String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(300, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return 127;
        }
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
