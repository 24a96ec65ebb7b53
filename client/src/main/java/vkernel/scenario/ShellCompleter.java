package vkernel.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion for vk shell, by a word's place in a statement (FORMAT.md): first
 * {@code spawn} or a spawned task, then a call from {@link CallSpec}'s table, then
 * constants from the table {@link ArgParser} reads (AF_*, SOCK_*, SOL_*, MSG_*, ...),
 * also after a '|'. spawn's options, capabilities and nlroute's words likewise.
 */
final class ShellCompleter implements Completer {
    private static final List<String> SPAWN_OPTIONS = List.of("uid=", "caps=all", "caps=none", "caps=");

    private final Supplier<? extends Collection<String>> processes;

    /** {@code processes}: the tasks spawned so far in this session, asked at each Tab. */
    ShellCompleter(Supplier<? extends Collection<String>> processes) {
        this.processes = processes;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        List<String> before = line.words().subList(0, Math.min(line.wordIndex(), line.words().size()));
        for (String c : candidates(before, word)) {
            int bar = c.lastIndexOf('|');
            int comma = c.startsWith("caps=") ? Math.max(c.lastIndexOf(','), 4) : -1;
            int cut = Math.max(bar, comma);
            boolean done = !c.endsWith("=");
            candidates.add(new Candidate(c, cut < 0 ? c : c.substring(cut + 1), null, null, null, null, done));
        }
    }

    /** The words that can stand where {@code word} is being typed, after the words {@code before}; each starts with {@code word}. */
    List<String> candidates(List<String> before, String word) {
        List<String> all = new ArrayList<>();
        if (before.isEmpty()) {
            all.add("spawn");
            all.addAll(processes.get());
        } else if (before.get(0).equals("spawn")) {
            if (before.size() >= 2) {
                if (word.startsWith("caps=") && !word.equals("caps=")) {
                    String head = word.substring(0, Math.max(word.lastIndexOf(','), 4) + 1);
                    ArgParser.constantNames().stream().filter(n -> n.startsWith("CAP_") && !n.equals("CAP_LAST_CAP"))
                            .forEach(n -> all.add(head + n));
                } else {
                    all.addAll(SPAWN_OPTIONS);
                }
            }
        } else if (before.size() == 1) {
            for (CallSpec c : CallSpec.values()) {
                all.add(c.callName);
            }
        } else if (CallSpec.byName(before.get(1)) == CallSpec.NLROUTE && before.size() == 3) {
            all.addAll(List.of("add", "del")); // nlroute FD add|del DST/LEN [via GW] [dev IFINDEX] [table N]
        } else if (CallSpec.byName(before.get(1)) == CallSpec.NLROUTE && before.size() >= 5 && before.size() % 2 == 1) {
            all.addAll(List.of("via", "dev", "table"));
        } else if (CallSpec.byName(before.get(1)) != null && CallSpec.byName(before.get(1)) != CallSpec.NLROUTE) {
            String head = word.substring(0, word.lastIndexOf('|') + 1); // SOCK_STREAM|SOCK_N...
            for (String n : ArgParser.constantNames()) {
                all.add(head + n);
            }
        }
        return all.stream().filter(c -> c.startsWith(word)).toList();
    }
}
