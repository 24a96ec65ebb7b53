package vkernel.netlink.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The headers of a record on vkernel.netlink.PROTOCOL, each a decimal or text in ASCII
 * so any Kafka tool shows them: the multicast group (RTNLGRP_*), the network namespace,
 * the instance that made the broadcast, the sender's portid (0: the kernel) and the
 * portid netlink_broadcast left out.
 */
final class MulticastHeaders {
    static final String GROUP = "group";
    static final String NETNS = "netns";
    static final String ORIGIN = "origin";
    static final String PORTID = "portid";
    static final String EXCLUDE_PORTID = "exclude_portid";

    private MulticastHeaders() {}

    static String text(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.US_ASCII);
    }

    /** A numeric header, or def when missing or malformed. */
    static long number(Headers headers, String key, long def) {
        String s = text(headers, key);
        if (s == null) {
            return def;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }
}
