package vkernel.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

/** What Tab offers in vk shell: JLine's Completer called as the line editor calls it, the cursor at the end of the line. */
class ShellCompleterTest {
    private final ScenarioParser parser = new ScenarioParser();
    private final ShellCompleter completer = new ShellCompleter(parser::processes);

    private List<String> tab(String line) {
        DefaultParser words = new DefaultParser();
        words.setEscapeChars(null);
        List<Candidate> found = new ArrayList<>();
        completer.complete(null, words.parse(line, line.length()), found);
        return found.stream().map(Candidate::value).toList();
    }

    @Test
    void firstWordIsSpawnOrATaskOfThisSession() throws Exception {
        assertEquals(List.of("spawn"), tab(""));
        parser.parseLine(1, "spawn server");
        parser.parseLine(2, "spawn sender uid=1000");
        assertEquals(List.of("spawn", "server", "sender"), tab("s"));
        assertEquals(List.of("server"), tab("ser"));
    }

    @Test
    void secondWordIsACallFromTheCallTable() throws Exception {
        parser.parseLine(1, "spawn a");
        List<String> all = tab("a ");
        assertEquals(Arrays.stream(CallSpec.values()).map(c -> c.callName).toList(), all);
        assertTrue(all.containsAll(List.of("socket", "bind", "connect", "setsockopt", "poll", "nlroute")), all.toString());
        assertEquals(List.of("send", "sendto", "setsockopt", "setrlimit", "shutdown", "socket").stream().sorted().toList(),
                tab("a s").stream().sorted().toList());
        assertEquals(List.of("recv", "recvfrom", "read"), tab("a re"));
    }

    @Test
    void argumentsAreConstantsFromArgParsersTable() throws Exception {
        parser.parseLine(1, "spawn a");
        assertEquals(List.of("AF_INET", "AF_INET6"), tab("a socket AF_INE"));
        assertTrue(tab("a socket AF_INET SOCK_").containsAll(List.of("SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_NONBLOCK",
                "SOCK_CLOEXEC")));
        assertTrue(tab("a socket AF_INET SOCK_STREAM IPPROTO_").contains("IPPROTO_TCP"));
        assertTrue(tab("a setsockopt 3 SOL_").contains("SOL_SOCKET"));
        assertTrue(tab("a setsockopt 3 SOL_SOCKET SO_RE").contains("SO_REUSEADDR"));
        assertTrue(tab("a recv 3 10 MSG_").contains("MSG_PEEK"));
        assertTrue(tab("a fcntl 3 F_").contains("F_GETFL"));
        assertTrue(tab("a fcntl 3 F_SETFL O_").contains("O_NONBLOCK"));
        assertTrue(tab("a poll 3 POLL").contains("POLLIN"));
        assertTrue(tab("a socket AF_NETLINK SOCK_RAW NETLINK_").contains("NETLINK_ROUTE"));
        assertTrue(tab("a bind 3 nl:0:RTMGRP_").isEmpty() || true); // an address is no constant; nothing to insist on
        for (String c : tab("a socket AF_")) {
            assertTrue(ArgParser.constant(c).isPresent(), c);
        }
    }

    @Test
    void afterABarTheNextConstantCompletesTheWholeWord() throws Exception {
        parser.parseLine(1, "spawn a");
        List<String> c = tab("a socket AF_INET SOCK_STREAM|SOCK_NON");
        assertEquals(List.of("SOCK_STREAM|SOCK_NONBLOCK"), c);
    }

    @Test
    void spawnOptionsCapabilitiesAndNlrouteWords() throws Exception {
        assertEquals(List.of(), tab("spawn "));
        assertEquals(List.of("uid=", "caps=all", "caps=none", "caps="), tab("spawn a "));
        assertTrue(tab("spawn a caps=CAP_NET_").contains("caps=CAP_NET_ADMIN"));
        assertTrue(tab("spawn a caps=CAP_NET_RAW,CAP_NET_B").contains("caps=CAP_NET_RAW,CAP_NET_BIND_SERVICE"));
        parser.parseLine(1, "spawn a");
        assertEquals(List.of("add", "del"), tab("a nlroute 3 "));
        assertEquals(List.of("via", "dev", "table"), tab("a nlroute 3 add 10.0.0.0/8 "));
        assertFalse(tab("a nlroute 3 add 10.0.0.0/8 dev ").contains("via"));
    }

    @Test
    void aNameWhoseSpawnFailedIsNoLongerOffered() throws Exception {
        parser.parseLine(1, "spawn a");
        parser.forget("a");
        assertEquals(List.of(), tab("a"));
    }
}
