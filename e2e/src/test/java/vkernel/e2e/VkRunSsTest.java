package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vkernel.e2e.VkCommand.Run;

/**
 * iproute2's ss under `vk run` (issue 13): it asks sock_diag for AF_INET and AF_INET6 (an
 * empty dump, as a netns without IPv6 sockets gives, so it does not fall back to the host's
 * /proc/net), and with -p reads /proc/PID/fd links, where a vkernel socket's placeholder
 * reads socket:[INO]. Compared with what Linux 6.18 printed under unshare -n for the same
 * programs (programs/ss-tuanp.linux.txt, pids written PID).
 */
class VkRunSsTest {
    @Test
    void ssTuanpShowsTheProgramsSocketsAndTheirProcessesAsOnLinux() throws Exception {
        assumeTrue(VkRunTest.netcat(), "nc (netcat-openbsd) is not installed and apt-get install -y netcat-openbsd failed");
        Run r = VkCommand.run(KernelFixture.kernel(), "run", "--unshare-net", "--", "sh", "-c",
                "ip link set lo up; nc -l 127.0.0.1 5000 >/dev/null 2>&1 & a=$!;"
                        + " nc -u -l 127.0.0.1 5001 >/dev/null 2>&1 & b=$!;"
                        + " for i in $(seq 100); do [ $(ss -tuan | wc -l) -ge 3 ] && break; sleep 0.1; done;"
                        + " ss -tuanp; kill $a $b");

        assertEquals(0, r.code(), r.out());
        assertEquals(comparable(linux("ss-tuanp")), comparable(r.out()));
    }

    /** Pids written PID, and each line's trailing blanks dropped: ss pads its last column to the longest pid. */
    private static String comparable(String ss) {
        return ss.replaceAll("pid=[0-9]+", "pid=PID").replaceAll("(?m)[ \\t]+$", "");
    }

    private static String linux(String name) throws Exception {
        try (InputStream in = VkRunSsTest.class.getResourceAsStream("/programs/" + name + ".linux.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
