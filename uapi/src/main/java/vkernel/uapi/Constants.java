package vkernel.uapi;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Every constant of the uapi classes by its C name, for programs that take
 * constants as text (the scenario runner, vk shell).
 */
public final class Constants {
    private static final Map<String, Long> BY_NAME = load(
            Socket.class, Fcntl.class, In.class, Poll.class, Epoll.class, Capability.class,
            Resource.class, Netlink.class, Rtnetlink.class, Stat.class, vkernel.uapi.netlink.RtnetlinkGroups.class);

    private Constants() {}

    /** The value of a constant such as {@code AF_INET} or {@code MSG_PEEK}. */
    public static OptionalLong lookup(String name) {
        Long v = BY_NAME.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    public static Map<String, Long> all() {
        return BY_NAME;
    }

    private static Map<String, Long> load(Class<?>... classes) {
        Map<String, Long> m = new HashMap<>();
        for (Class<?> c : classes) {
            for (Field f : c.getFields()) {
                int mod = f.getModifiers();
                if (!Modifier.isStatic(mod) || !Modifier.isFinal(mod)) {
                    continue;
                }
                try {
                    if (f.getType() == int.class) {
                        m.putIfAbsent(f.getName(), (long) f.getInt(null));
                    } else if (f.getType() == long.class) {
                        m.putIfAbsent(f.getName(), f.getLong(null));
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        // The C headers alias these levels; scenarios use both spellings.
        m.put("IPPROTO_TCP", (long) In.IPPROTO_TCP);
        return Collections.unmodifiableMap(m);
    }
}
