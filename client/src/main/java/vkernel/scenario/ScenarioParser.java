package vkernel.scenario;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import vkernel.uapi.Capability;
import vkernel.uapi.Constants;

/**
 * Parses scenario lines into statements (FORMAT.md), refusing what the oracle refuses.
 * Stateful: a call may name only a process spawned on an earlier line, so a shell
 * feeds it one line at a time and a script all of them.
 */
final class ScenarioParser {
    static final int MAX_PROCS = 32;
    private static final int MAX_NAME = 31;

    private final Set<String> procs = new LinkedHashSet<>();

    /** Every statement of a file; the first malformed line stops it. */
    static List<Statement> parseAll(List<String> lines) throws ScenarioException {
        ScenarioParser p = new ScenarioParser();
        List<Statement> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Statement s = p.parseLine(i + 1, lines.get(i));
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** The statement on line {@code n}, or null for a blank or comment line. */
    Statement parseLine(int n, String line) throws ScenarioException {
        try {
            List<String> tok = Lexer.tokenize(line);
            if (tok.isEmpty()) {
                return null;
            }
            String text = Lexer.echo(tok);
            if (tok.get(0).equals("spawn")) {
                return spawn(n, text, tok);
            }
            if (tok.size() < 2) {
                throw new ScenarioException(n, "'" + tok.get(0)
                        + "' is not a statement (want spawn or NAME CALL ARG...)");
            }
            if (!procs.contains(tok.get(0))) {
                throw new ScenarioException(n, "no process '" + tok.get(0) + "' (spawn it first)");
            }
            CallSpec spec = CallSpec.byName(tok.get(1));
            if (spec == null) {
                throw new ScenarioException(n, "unknown call '" + tok.get(1) + "'");
            }
            List<String> args = tok.subList(2, tok.size());
            if (spec.signature == null) {
                return nlroute(n, text, tok.get(0), args);
            }
            return new Statement.Call(n, text, tok.get(0), spec, args(spec, args), null);
        } catch (ScenarioException e) {
            throw e.line() == 0 ? e.atLine(n) : e;
        }
    }

    private static List<Arg> args(CallSpec spec, List<String> tok) throws ScenarioException {
        List<Arg> out = new ArrayList<>();
        boolean optional = false;
        int i = 0;
        for (char k : spec.signature.toCharArray()) {
            if (k == '[') {
                optional = true;
                continue;
            }
            if (i == tok.size()) {
                if (optional) {
                    break;
                }
                throw new ScenarioException(0, spec.callName + " wants more arguments");
            }
            String t = tok.get(i);
            switch (k) {
                case 'i' -> out.add(new Arg.Int(ArgParser.constantExpr(t)));
                case 'n' -> out.add(new Arg.Int(ArgParser.length(t)));
                case 'a' -> out.add(new Arg.Addr(ArgParser.address(t)));
                case 'd' -> out.add(new Arg.Data(ArgParser.data(t)));
                case 'v' -> out.add(ArgParser.sockoptValue(t, ((Arg.Int) out.get(i - 2)).value(),
                        ((Arg.Int) out.get(i - 1)).value())); // LEVEL and OPTNAME come just before
                default -> throw new IllegalStateException("bad signature " + spec.signature);
            }
            i++;
        }
        if (i < tok.size()) {
            throw new ScenarioException(0, spec.callName + " has too many arguments");
        }
        return out;
    }

    private static Statement nlroute(int n, String text, String proc, List<String> tok) throws ScenarioException {
        if (tok.size() < 3) {
            throw new ScenarioException(0, "nlroute wants FD add|del DST/LEN [via GW] [dev IFINDEX] [table N]");
        }
        List<Arg> args = List.of(new Arg.Int(ArgParser.constantExpr(tok.get(0))));
        return new Statement.Call(n, text, proc, CallSpec.NLROUTE, args, ArgParser.route(tok));
    }

    /** The processes spawned so far, in spawn order (what vk shell completes). */
    Set<String> processes() {
        return java.util.Collections.unmodifiableSet(procs);
    }

    /** Forgets a process whose spawn failed, so that a shell can spawn the name again. */
    void forget(String name) {
        procs.remove(name);
    }

    /** spawn NAME [uid=N] [caps=all|none|CAP_X,CAP_Y] */
    private Statement spawn(int n, String text, List<String> tok) throws ScenarioException {
        if (tok.size() < 2) {
            throw new ScenarioException(0, "spawn wants a NAME");
        }
        String name = tok.get(1);
        if (procs.size() == MAX_PROCS) {
            throw new ScenarioException(0, "more than " + MAX_PROCS + " processes");
        }
        if (procs.contains(name)) {
            throw new ScenarioException(0, "process '" + name + "' spawned twice");
        }
        if (name.length() > MAX_NAME || name.equals("spawn") || !name.matches("[A-Za-z0-9_-]+")) {
            throw new ScenarioException(0, "bad process name '" + name + "'");
        }
        long uid = 0;
        boolean capsGiven = false;
        OptionalLong caps = OptionalLong.empty(); // all
        for (String opt : tok.subList(2, tok.size())) {
            if (opt.startsWith("uid=")) {
                Long v = ArgParser.decimal(opt.substring(4));
                if (v == null || v < 0 || v >= 0xffffffffL) {
                    throw new ScenarioException(0, "bad uid '" + opt + "'");
                }
                uid = v;
            } else if (opt.startsWith("caps=")) {
                capsGiven = true;
                caps = capabilities(opt.substring(5));
            } else {
                throw new ScenarioException(0, "unknown spawn option '" + opt + "'");
            }
        }
        if (uid != 0 && !capsGiven) {
            caps = OptionalLong.of(0); // a non-zero uid has no capabilities by default
        }
        procs.add(name);
        return new Statement.Spawn(n, text, name, uid, caps);
    }

    /** "all" (empty: the task's default), "none" (0), or CAP_X,CAP_Y as a mask. */
    private static OptionalLong capabilities(String list) throws ScenarioException {
        if (list.equals("all")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Capability.parseMask(list));
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(0, e.getMessage());
        }
    }
}
