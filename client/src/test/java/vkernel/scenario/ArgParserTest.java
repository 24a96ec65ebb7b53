package vkernel.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import vkernel.sdk.Linger;
import vkernel.sdk.SockAddr;
import vkernel.sdk.Timeval;

class ArgParserTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "AF_INET; 2", "SOCK_STREAM|SOCK_NONBLOCK; 2049", "SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC; 526338",
        "SOCK_STREAM|256; 257", "-1; -1", "12345; 12345", "010; 10", "SOL_NETLINK; 270",
        "RTNLGRP_IPV6_ROUTE; 11", "RTMGRP_IPV4_ROUTE; 64", "RTMGRP_NOTIFY|RTMGRP_TC; 10", "O_CLOEXEC; 524288",
        "POLLIN|POLLOUT|POLLPRI|POLLRDHUP; 8199", "IPPROTO_TCP; 6", "SOL_TCP; 6", "MSG_PEEK|MSG_DONTWAIT; 66",
        "4294967297; 4294967297"})
    void constantExpressions(String tok, long value) throws Exception {
        assertEquals(value, ArgParser.constantExpr(tok));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AF_NOPE", "|AF_INET", "AF_INET|", "AF_INET||SOCK_STREAM", "|", "+1", "1x", "-",
        "99999999999999999999", "\"1\""})
    void badIntegersAreRefused(String tok) {
        assertThrows(ScenarioException.class, () -> ArgParser.constantExpr(tok));
    }

    @Test
    void lengthIsBounded() throws Exception {
        assertEquals(1 << 20, ArgParser.length("1048576"));
        assertThrows(ScenarioException.class, () -> ArgParser.length("1048577"));
        assertThrows(ScenarioException.class, () -> ArgParser.length("-1"));
    }

    @Test
    void dataEscapes() throws Exception {
        assertArrayEquals(new byte[] {'h', 'i', '\n', '\t', '\r', 0, '\\', '"', 0x01, (byte) 0xff, (byte) 0xab},
                ArgParser.data("\"hi\\n\\t\\r\\0\\\\\\\"\\x01\\xFF\\xab\""));
        assertArrayEquals(new byte[0], ArgParser.data("\"\""));
        assertArrayEquals(new byte[] {(byte) 0xe9}, ArgParser.data("\"\u00e9\"")); // a Latin-1 byte as itself
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "\"", "\"\\q\"", "\"\\x1\"", "\"\\xg0\"", "\"\\x\""})
    void badDataIsRefused(String tok) {
        assertThrows(ScenarioException.class, () -> ArgParser.data(tok));
    }

    @Test
    void addresses() throws Exception {
        assertEquals(SockAddr.inet("127.0.0.1", 8080), ArgParser.address("127.0.0.1:8080"));
        assertEquals(SockAddr.netlink(0, 64), ArgParser.address("nl:0:64"));
        assertEquals(SockAddr.netlink(-5, 0), ArgParser.address("nl:-5:0"));
        assertEquals(SockAddr.netlink(-1, -1), ArgParser.address("nl:4294967295:4294967295"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0:80", "127.0.0.01:80",
        "256.0.0.1:80", "localhost:80", "nl:1", "nl::0", "nl:1:-1", "nl:1:2:3", "nl:4294967296:0", ":80",
        "1.2.3.4:+80"})
    void badAddressesAreRefused(String tok) {
        assertThrows(ScenarioException.class, () -> ArgParser.address(tok));
    }

    @Test
    void sockoptValues() throws Exception {
        assertEquals(new Arg.Int(1), ArgParser.sockoptValue("1", 1, 2));
        assertEquals(new Arg.Int(11), ArgParser.sockoptValue("RTNLGRP_IPV6_ROUTE", 270, 1));
        assertEquals(new Arg.LingerValue(new Linger(1, 30)), ArgParser.sockoptValue("1,30", 1, 13));
        assertEquals(new Arg.TimevalValue(new Timeval(0, 100000)), ArgParser.sockoptValue("0,100000", 1, 20));
        assertEquals(new Arg.TimevalValue(new Timeval(2, 500000)), ArgParser.sockoptValue("2,500000", 1, 21));
        // any other option given a pair gets a struct linger, as the oracle does
        assertEquals(new Arg.LingerValue(new Linger(3, 4)), ArgParser.sockoptValue("3,4", 6, 1));
        assertThrows(ScenarioException.class, () -> ArgParser.sockoptValue("1,x", 1, 13));
        assertThrows(ScenarioException.class, () -> ArgParser.sockoptValue("1,2,3", 1, 20));
        assertThrows(ScenarioException.class, () -> ArgParser.sockoptValue("1,4294967296", 1, 13));
    }

    @Test
    void routes() throws Exception {
        assertEquals(new Statement.Route(true, 0x0a010000, 16, OptionalInt.empty(), OptionalLong.of(1),
                OptionalLong.empty()), ArgParser.route(List.of("3", "add", "10.1.0.0/16", "dev", "1")));
        assertEquals(new Statement.Route(false, 0, 0, OptionalInt.of(0x0a000001), OptionalLong.empty(),
                OptionalLong.of(1000)), ArgParser.route(List.of("3", "del", "0.0.0.0/0", "table", "1000",
                        "via", "10.0.0.1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3 put 10.0.0.0/8", "3 add 10.0.0.0", "3 add 10.0.0.0/256", "3 add 10.0.0/8",
        "3 add 10.0.0.0/8 dev", "3 add 10.0.0.0/8 dev 1 dev 2", "3 add 10.0.0.0/8 via 1.2.3", "3 add 10.0.0.0/8 mtu 9",
        "3 add 10.0.0.0/8 table -1", "3 add 10.0.0.0/8 dev 4294967296"})
    void badRoutesAreRefused(String args) {
        assertThrows(ScenarioException.class, () -> ArgParser.route(List.of(args.split(" "))));
    }
}
