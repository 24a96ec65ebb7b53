package vkernel.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vkernel.sdk.FakeKernel;
import vkernel.sdk.VKernel;
import vkernel.uapi.Capability;

/** The runner end to end against a toy kernel served in-process (no network). */
class ScenarioRunTest {
    private FakeKernel fake;
    private VKernel kernel;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.ISO_8859_1);

    @BeforeEach
    void start() throws Exception {
        fake = new FakeKernel("scenario-run-" + System.nanoTime());
        kernel = VKernel.connect(fake.address(), FakeKernel.SECRET, fake.channels());
    }

    @AfterEach
    void stop() throws Exception {
        kernel.close();
        fake.close();
    }

    @Test
    void printsExactlyTheResultLines() throws Exception {
        String scn = String.join("\n",
                "# a scenario",
                "spawn a",
                "spawn u uid=1000",
                "a socket AF_NETLINK SOCK_RAW NETLINK_ROUTE",
                "a getsockname 3",
                "a nlroute 3 add 10.1.0.0/16 dev 1",
                "a   nlrecv   3   # the ack",
                "a nlroute 3 add 10.1.0.0/16 dev 1",
                "a nlrecv 3",
                "a nldump 3",
                "a dup 3",
                "a nlroute 4 del 10.1.0.0/16 dev 1",
                "a nlrecv 3",
                "a nldump 4",
                "a socket 12345 SOCK_STREAM 0",
                "a socket AF_INET SOCK_STREAM 0",
                "a recv 5 10 0",
                "a dup3 5 9 0",
                "a close 5",
                "a close 5",
                "u socket AF_NETLINK SOCK_RAW NETLINK_ROUTE",
                "u getsockname 3",
                "");
        int rc = ScenarioCli.run(kernel, ScenarioParser.parseAll(ScenarioCli.lines(scn.getBytes())), out, "t.scn");
        assertEquals(0, rc);
        assertEquals(String.join("\n",
                "4: a socket AF_NETLINK SOCK_RAW NETLINK_ROUTE = 3",
                "5: a getsockname 3 = 0 nl:PID:0",
                "6: a nlroute 3 add 10.1.0.0/16 dev 1 = 44",
                "7: a nlrecv 3 = 36 NLMSG_ERROR(seq=1,error=0)",
                "8: a nlroute 3 add 10.1.0.0/16 dev 1 = 44",
                "9: a nlrecv 3 = 64 NLMSG_ERROR(seq=2,error=EEXIST)",
                "10: a nldump 3 = 1 table=254 type=RTN_UNICAST dst=10.1.0.0/16 oif=1 proto=4 scope=253",
                "11: a dup 3 = 4",
                "12: a nlroute 4 del 10.1.0.0/16 dev 1 = 44",
                "13: a nlrecv 3 = 36 NLMSG_ERROR(seq=4,error=0)",
                "14: a nldump 4 = 0",
                "15: a socket 12345 SOCK_STREAM 0 = -1 EAFNOSUPPORT",
                "16: a socket AF_INET SOCK_STREAM 0 = 5",
                "17: a recv 5 10 0 = BLOCKED",
                "18: a dup3 5 9 0 = -1 ENOSYS",
                "19: a close 5 = 0",
                "20: a close 5 = -1 EBADF",
                "21: u socket AF_NETLINK SOCK_RAW NETLINK_ROUTE = 3",
                "22: u getsockname 3 = 0 nl:PID:0",
                ""), bytes.toString(StandardCharsets.ISO_8859_1));

        // first spawn unshares; a root "ip" task joins to bring lo up, as the oracle does, and
        // exits; the next process joins the namespace; every task exited
        assertTrue(fake.spawns.get(0).getUnshareNet());
        assertEquals(Capability.CAP_FULL_SET, fake.spawns.get(0).getCapEffective());
        assertEquals("ip", fake.spawns.get(1).getComm());
        assertEquals(7, fake.spawns.get(1).getNetns());
        assertEquals(List.of(101), fake.linksUp);
        assertFalse(fake.spawns.get(2).getUnshareNet());
        assertEquals(7, fake.spawns.get(2).getNetns());
        assertEquals(1000, fake.spawns.get(2).getUid());
        assertEquals(1000, fake.spawns.get(2).getGid());
        assertEquals(0, fake.spawns.get(2).getCapEffective());
        assertEquals(List.of(101, 100, 102), fake.exited);
    }

    @Test
    void aFailedSpawnStopsTheRunWithAnError() throws Exception {
        VKernel noAdmin = VKernel.connect(fake.address(), null, fake.channels());
        try (noAdmin) {
            int rc = ScenarioCli.run(noAdmin, ScenarioParser.parseAll(List.of("spawn u uid=5", "spawn root",
                    "u close 0")), out, "t.scn");
            assertEquals(ScenarioCli.KERNEL_FAILED, rc);
        }
        assertEquals("", bytes.toString(StandardCharsets.ISO_8859_1));
        assertEquals(List.of(100), fake.exited); // the task that was spawned still exits
    }

    @Test
    void shellNumbersByInputLineAndSkipsWhatItCannotRun() throws Exception {
        String input = "spawn a\n\na frobnicate 3\nb close 3\nspawn x uid=0 caps=none\r\n"
                + "a socket AF_INET SOCK_DGRAM 0   # fd 3\na close 3\nspawn a\na close 3";
        int rc = ScenarioCli.shell(kernel, new java.io.ByteArrayInputStream(input.getBytes()), out);
        assertEquals(0, rc);
        assertEquals("6: a socket AF_INET SOCK_DGRAM 0 = 3\n7: a close 3 = 0\n9: a close 3 = -1 EBADF\n",
                bytes.toString(StandardCharsets.ISO_8859_1));
        assertEquals(List.of(101, 100, 102), fake.exited, "the ip task first, then every process");
    }

    @Test
    void malformedScriptPrintsNothingAndFailsWithTwo(@TempDir Path dir) throws Exception {
        Path scn = dir.resolve("bad.scn");
        Files.writeString(scn, "spawn a\na socket AF_INET SOCK_STREAM 0\na frobnicate 3\n");
        assertEquals(ScenarioCli.MALFORMED, ScenarioCli.script("nowhere:1", null, scn, out));
        assertEquals(ScenarioCli.MALFORMED, ScenarioCli.script("nowhere:1", null, dir.resolve("missing.scn"), out));
        assertEquals("", bytes.toString(StandardCharsets.ISO_8859_1));
    }
}
