package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vkernel.e2e.VkCommand.Run;

/**
 * C programs under `vk run` (issue 13), built with the system's compiler, print what the
 * same program printed on Linux 6.18 (programs/NAME.linux.txt, recorded with unshare -n and
 * lo up): the calls Python does not make.
 */
class VkRunCProgramsTest {
    private static RunNamespace namespace;

    @BeforeAll
    static void namespace() throws Exception {
        namespace = RunNamespace.open("vk-run-c");
    }

    @AfterAll
    static void leave() {
        namespace.close();
    }

    /**
     * A C program's sendmmsg and recvmmsg (which Python has not): counts, msg_len, MSG_TRUNC,
     * MSG_WAITFORONE, the timeout, a failure after some messages and a pending error print
     * what Linux 6.18 printed for the same program (programs/mmsg.linux.txt, recorded with
     * unshare -n and lo up).
     */
    @Test
    void aCProgramsSendmmsgAndRecvmmsgAnswerAsOnLinux(@TempDir Path dir) throws Exception {
        assertPrintsAsOnLinux(dir, "mmsg");
    }

    /**
     * A C program's ioctls on sockets print what Linux 6.18 printed for the same program
     * (programs/ioctl.linux.txt, recorded with unshare -n and lo up): FIONREAD/SIOCINQ,
     * SIOCOUTQ, SIOCOUTQNSD and SIOCATMARK of TCP (listening, with a FIN, with urgent data),
     * UDP and netlink sockets; FIONBIO and FIOCLEX; lo's index, name, flags, MTU, queue
     * length, hardware and IPv4 addresses, through UDP, TCP and netlink sockets.
     */
    @Test
    void aCProgramsSocketIoctlsAnswerAsOnLinux(@TempDir Path dir) throws Exception {
        assertPrintsAsOnLinux(dir, "ioctl");
    }

    /**
     * A C program's epoll prints what Linux 6.18 printed for the same program
     * (programs/epoll.linux.txt, recorded with unshare -n and lo up): epoll_create1's flags,
     * epoll_ctl's errors in Linux's order, a TCP listener, level- and edge-triggered and
     * one-shot items, the data echoed, maxevents, RDHUP and HUP, a refused connect, UDP,
     * timeouts, a closed and a dup'ed watched socket, a host pipe and a vkernel socket in one
     * epoll, a nested epoll, EINTR, epoll_pwait and epoll_pwait2, and a forked child's wait.
     */
    @Test
    void aCProgramsEpollAnswersAsOnLinux(@TempDir Path dir) throws Exception {
        assertPrintsAsOnLinux(dir, "epoll");
    }

    /**
     * Signals and restarts as signal(7) says and Linux 6.18 printed (programs/sigrestart.linux.txt):
     * under SA_RESTART a blocked recv goes on after the handler and gets the datagram sent
     * later, while poll, select and epoll_wait on a vkernel socket fail with EINTR; without
     * SA_RESTART the recv fails with EINTR.
     */
    @Test
    void aCProgramsWaitsEndOrRestartOnASignalAsOnLinux(@TempDir Path dir) throws Exception {
        assertPrintsAsOnLinux(dir, "sigrestart");
    }

    /** programs/NAME.c, built into dir and run under vk run, exits 0 and prints programs/NAME.linux.txt. */
    private static void assertPrintsAsOnLinux(Path dir, String name) throws Exception {
        Run r = VkCommand.run(namespace.kernel, "run", "--netns", namespace.netns(), "--", compiled(dir, name).toString());

        assertEquals(0, r.code(), r.out());
        assertEquals(linuxOutput(name), r.out());
    }

    /** programs/NAME.c built with the system's compiler into dir. */
    private static Path compiled(Path dir, String name) throws Exception {
        Path source = dir.resolve(name + ".c");
        try (InputStream in = VkRunCProgramsTest.class.getResourceAsStream("/programs/" + name + ".c")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve(name);
        Process cc = new ProcessBuilder("cc", "-O2", "-o", binary.toString(), source.toString()).redirectErrorStream(true).start();
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cc.waitFor(), ccOut);
        return binary;
    }

    /** What the program printed on Linux (programs/NAME.linux.txt). */
    private static String linuxOutput(String name) throws Exception {
        try (InputStream in = VkRunCProgramsTest.class.getResourceAsStream("/programs/" + name + ".linux.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

}
