package io.raftkv.tester.history;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jepsen's text log, where {@code jepsen.util/log-op} prints one event per line:
 *
 * <pre>
 * INFO  jepsen.util - 2	:invoke	:cas	[3 0]
 * INFO  jepsen.util - 4	:info	:write	:timed-out
 * 2024-01-01 INFO jepsen.util: 1	:invoke	:write	[0 2]
 * </pre>
 *
 * After the {@code jepsen.util} marker come the process, type, function and value, separated by
 * tabs or spaces, then optionally an error. Lines without the marker, or whose first field after
 * it is neither a process number nor {@code :nemesis}, are other log output and are skipped. A
 * {@code info} or {@code fail} completion whose value is a keyword such as {@code :timed-out} records it as the error and
 * takes its value from the invocation. The log carries no times: {@link Op#time()} is -1.
 */
public final class JepsenLog {
    private static final String MARKER = "jepsen.util";

    private JepsenLog() {}

    public static List<Op> read(String text, String file) {
        return parse(text, file).ops();
    }

    /** The ops in file order, with their lines (a log has neither index nor time to sort by). */
    static ParsedHistory parse(String text, String file) {
        ParsedHistory parsed = new ParsedHistory(file);
        List<Op> ops = parsed.ops();
        Map<Long, Op> open = new HashMap<>();
        var lines = new TextLines(text);
        for (String line; (line = lines.next()) != null; ) {
            int opLine = lines.number();
            Op op = parseLine(line, ops.size(), file, opLine);
            if (op == null) {
                continue;
            }
            if (op.isInvoke()) {
                open.put(op.process(), op);
            } else {
                Op invoke = open.remove(op.process());
                if (op.value() instanceof KeywordValue kw) {
                    Object arg = invoke == null ? null : invoke.value();
                    op = new Op(op.index(), -1, op.process(), op.type(), op.f(), null, arg, kw.name());
                }
            }
            parsed.add(op, opLine, false);
        }
        if (ops.isEmpty()) {
            throw new HistoryParseException(file, 0, "no Jepsen op lines (\"jepsen.util - P :type :f value\") found");
        }
        return parsed;
    }

    /** A completion's keyword value, kept apart until the reader knows the invocation's value. */
    private record KeywordValue(String name) {}

    static Op parseLine(String line, int index, String file, int lineNo) {
        int at = line.indexOf(MARKER);
        if (at < 0) {
            return null;
        }
        int p = at + MARKER.length();
        while (p < line.length() && (line.charAt(p) == ' ' || line.charAt(p) == '-' || line.charAt(p) == ':')) {
            p++;
        }
        // Skip "- " or ": " after the marker, but not the colon of ":nemesis".
        if (p > at + MARKER.length() && line.startsWith("nemesis", p) && line.charAt(p - 1) == ':') {
            p--;
        }
        String rest = line.substring(p);
        if (rest.isEmpty() || !(Character.isDigit(rest.charAt(0)) || rest.startsWith(":nemesis"))) {
            return null;
        }
        Edn edn = new Edn(rest, lineNo);
        try {
            long process = EdnHistory.process(edn.next(), file, lineNo);
            if (!edn.hasNext() || !(edn.next() instanceof Edn.Keyword type)) {
                throw new HistoryParseException(file, lineNo, "expected the op type (:invoke, :ok, :fail or :info)");
            }
            Op.Type t;
            try {
                t = Op.Type.ofWire(type.name());
            } catch (IllegalArgumentException e) {
                throw new HistoryParseException(file, lineNo, "unknown op type " + type);
            }
            if (!edn.hasNext()) {
                throw new HistoryParseException(file, lineNo, "expected the op function after " + type);
            }
            Object f = edn.next();
            Object value = null;
            String error = null;
            if (edn.hasNext()) {
                try {
                    value = edn.next();
                    if (edn.hasNext()) {
                        error = String.valueOf(Values.fromEdn(edn.next()));
                    }
                } catch (Edn.ParseException e) {
                    if (process != Op.NEMESIS) {
                        throw e;
                    }
                    value = rest.substring(rest.indexOf(String.valueOf(f))
                                    + String.valueOf(f).length())
                            .strip();
                }
            }
            Object v = (t == Op.Type.INFO || t == Op.Type.FAIL) && value instanceof Edn.Keyword kw
                    ? new KeywordValue(kw.name())
                    : Values.fromEdn(value);
            return new Op(index, -1, process, t, String.valueOf(Values.fromEdn(f)), null, v, error);
        } catch (Edn.ParseException e) {
            throw new HistoryParseException(file, lineNo, e.getMessage());
        }
    }
}
