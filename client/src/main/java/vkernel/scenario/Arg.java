package vkernel.scenario;

import vkernel.sdk.Linger;
import vkernel.sdk.SockAddr;
import vkernel.sdk.Timeval;

/** One parsed argument of a call, of the kind its position asks for. */
sealed interface Arg {
    /** An integer or OR-ed constants ("SOCK_STREAM|SOCK_NONBLOCK", "-1"), kept as C's long. */
    record Int(long value) implements Arg {}

    /** "127.0.0.1:8080", "nl:PORTID:GROUPS". */
    record Addr(SockAddr addr) implements Arg {}

    /** A quoted string, escapes resolved. */
    record Data(byte[] bytes) implements Arg {}

    /** "ON,SECONDS": a struct linger for setsockopt. */
    record LingerValue(Linger linger) implements Arg {}

    /** "SEC,USEC": a struct timeval for SO_RCVTIMEO / SO_SNDTIMEO. */
    record TimevalValue(Timeval timeval) implements Arg {}
}
