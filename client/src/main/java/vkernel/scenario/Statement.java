package vkernel.scenario;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** One line of a scenario, parsed. {@code text} is the statement as result lines echo it. */
sealed interface Statement {
    int line();

    String text();

    /**
     * {@code spawn NAME [uid=N] [caps=...]}: {@code caps} is the cap_effective mask,
     * empty for "all" (every capability the kernel has).
     */
    record Spawn(int line, String text, String name, long uid, OptionalLong caps) implements Statement {}

    /** {@code NAME CALL ARG...}; {@code route} is set for nlroute only. */
    record Call(int line, String text, String proc, CallSpec spec, List<Arg> args, Route route)
            implements Statement {
        long num(int i) {
            return ((Arg.Int) args.get(i)).value();
        }

        int fd() {
            return (int) num(0);
        }
    }

    /**
     * nlroute's request: add or del, DST/LEN (host-order address), optional gateway,
     * output ifindex and table (u32 values).
     */
    record Route(boolean add, int dst, int dstLen, OptionalInt gateway, OptionalLong dev, OptionalLong table) {}
}
