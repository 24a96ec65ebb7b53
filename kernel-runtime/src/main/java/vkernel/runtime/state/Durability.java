package vkernel.runtime.state;

import java.util.Locale;

/** When a layer answers relative to its state records (vkernel.state.durability). */
public enum Durability {
    /** Only after every record the call produced is acknowledged by the broker (the default). */
    SYNC,
    /** At once; the records follow. A crash loses what was answered in the last moments. */
    ASYNC,
    /** No state topic at all: a restart starts empty (for measurement only). */
    OFF;

    public static Durability parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vkernel.state.durability must be sync, async or off, not '" + s + "'");
        }
    }
}
