package vkernel.uapi.netlink;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The legacy RTMGRP_* bind() masks of include/uapi/linux/rtnetlink.h that
 * {@link vkernel.uapi.Rtnetlink} does not declare (it has RTMGRP_LINK, _IPV4_IFADDR,
 * _IPV4_ROUTE, _IPV6_ROUTE). Scenarios may name any of them, as the oracle accepts.
 */
public final class RtnetlinkGroups {
    private RtnetlinkGroups() {}

    public static final int RTMGRP_NOTIFY = 0x2;
    public static final int RTMGRP_NEIGH = 0x4;
    public static final int RTMGRP_TC = 0x8;
    public static final int RTMGRP_IPV4_MROUTE = 0x20;
    public static final int RTMGRP_IPV4_RULE = 0x80;
    public static final int RTMGRP_IPV6_IFADDR = 0x100;
    public static final int RTMGRP_IPV6_MROUTE = 0x200;
    public static final int RTMGRP_IPV6_IFINFO = 0x800;
    public static final int RTMGRP_IPV6_PREFIX = 0x20000;

    private static final Map<String, Long> BY_NAME = Map.of(
            "RTMGRP_NOTIFY", (long) RTMGRP_NOTIFY,
            "RTMGRP_NEIGH", (long) RTMGRP_NEIGH,
            "RTMGRP_TC", (long) RTMGRP_TC,
            "RTMGRP_IPV4_MROUTE", (long) RTMGRP_IPV4_MROUTE,
            "RTMGRP_IPV4_RULE", (long) RTMGRP_IPV4_RULE,
            "RTMGRP_IPV6_IFADDR", (long) RTMGRP_IPV6_IFADDR,
            "RTMGRP_IPV6_MROUTE", (long) RTMGRP_IPV6_MROUTE,
            "RTMGRP_IPV6_IFINFO", (long) RTMGRP_IPV6_IFINFO,
            "RTMGRP_IPV6_PREFIX", (long) RTMGRP_IPV6_PREFIX);

    /** The value of one of the masks above by its C name. */
    public static OptionalLong lookup(String name) {
        Long v = BY_NAME.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
