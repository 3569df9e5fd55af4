package io.raftkv.tester.history;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Jepsen's EDN history form: either one op map per line ({@code history.edn}, also the mit-kv
 * form) or a single vector of op maps. Recognised keys: {@code :type :f :process :value :key
 * :time :index :error :node}; others are ignored. {@code :process :nemesis} maps to {@link Op#NEMESIS}.
 *
 * <p>Jepsen's independent-key workloads store {@code [key value]} tuples in {@code :value}. A
 * history whose every client op carries such a tuple (and whose {@code cas} values are {@code
 * [key [from to]]}) is split into {@link Op#key()} and {@link Op#value()}; so is any value
 * tagged {@code #jepsen.independent.Tuple}.
 */
public final class EdnHistory {
    private static final Edn.Keyword TYPE = Edn.Keyword.of("type");
    private static final Edn.Keyword F = Edn.Keyword.of("f");
    private static final Edn.Keyword PROCESS = Edn.Keyword.of("process");
    private static final Edn.Keyword VALUE = Edn.Keyword.of("value");
    private static final Edn.Keyword KEY = Edn.Keyword.of("key");
    private static final Edn.Keyword TIME = Edn.Keyword.of("time");
    private static final Edn.Keyword INDEX = Edn.Keyword.of("index");
    private static final Edn.Keyword ERROR = Edn.Keyword.of("error");
    private static final Edn.Keyword NODE = Edn.Keyword.of("node");
    private static final String TUPLE_TAG = "jepsen.independent.Tuple";

    private EdnHistory() {}

    /** Parses a whole EDN history; {@code file} is only used in error messages. */
    public static List<Op> read(String text, String file) {
        return parse(text, file).ops();
    }

    /** Parses, orders and splits a whole EDN history, keeping each op's line. */
    static ParsedHistory parse(String text, String file) {
        Edn edn = new Edn(text, 1);
        ParsedHistory parsed = new ParsedHistory(file);
        try {
            while (edn.hasNext()) {
                int line = edn.line();
                Object v = edn.next();
                if (v instanceof List<?> vector && parsed.size() == 0) {
                    // One vector of maps: line numbers are those of the whole vector.
                    for (Object o : vector) {
                        add(parsed, o, file, line);
                    }
                } else {
                    add(parsed, v, file, line);
                }
            }
        } catch (Edn.ParseException e) {
            throw new HistoryParseException(file, e.line(), e.getMessage());
        }
        ParsedHistory ordered = parsed.ordered();
        List<Op> split = splitIndependentKeys(ordered.ops());
        for (int i = 0; i < split.size(); i++) {
            ordered.ops().set(i, split.get(i));
        }
        return ordered;
    }

    private static void add(ParsedHistory parsed, Object o, String file, int line) {
        boolean indexed = o instanceof Map<?, ?> m && m.get(INDEX) instanceof Long;
        parsed.add(toOp(o, parsed.size(), file, line), line, indexed);
    }

    static Op toOp(Object v, int position, String file, int line) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new HistoryParseException(file, line, "expected an op map {:type ... :f ...}, found " + describe(v));
        }
        Object type = m.get(TYPE);
        if (!(type instanceof Edn.Keyword tk)) {
            throw new HistoryParseException(file, line, "op has no :type keyword");
        }
        Op.Type t;
        try {
            t = Op.Type.ofWire(tk.name());
        } catch (IllegalArgumentException e) {
            throw new HistoryParseException(file, line, ":type must be :invoke, :ok, :fail or :info, not " + tk);
        }
        Object f = m.get(F);
        if (!(f instanceof Edn.Keyword || f instanceof String || f instanceof Edn.Symbol)) {
            throw new HistoryParseException(file, line, "op has no :f (function)");
        }
        long process = process(m.get(PROCESS), file, line);
        long time = m.get(TIME) instanceof Long l ? l : -1;
        long index = m.get(INDEX) instanceof Long l ? l : position;
        Object rawValue = m.get(VALUE);
        String key = m.containsKey(KEY) ? Values.key(m.get(KEY)) : null;
        if (rawValue instanceof Edn.Tagged tagged
                && tagged.tag().equals(TUPLE_TAG)
                && tagged.value() instanceof Map<?, ?> tuple) {
            key = Values.key(tuple.get(KEY));
            rawValue = tuple.get(VALUE);
        }
        Object error = m.get(ERROR);
        Object node = m.get(NODE);
        return new Op(
                index,
                time,
                process,
                t,
                (String) Values.fromEdn(f),
                key,
                Values.fromEdn(rawValue),
                error == null ? null : String.valueOf(Values.fromEdn(error)),
                node == null ? null : String.valueOf(Values.fromEdn(node)));
    }

    static long process(Object p, String file, int line) {
        if (p instanceof Long l) {
            return l;
        }
        if (p instanceof Edn.Keyword k && k.name().equals("nemesis")) {
            return Op.NEMESIS;
        }
        throw new HistoryParseException(file, line, ":process must be an integer or :nemesis, found " + describe(p));
    }

    private static String describe(Object v) {
        return v == null ? "nil" : v.toString();
    }

    /**
     * Splits {@code [k v]} values into key and value, per operation: an invocation and its
     * completion share the key of whichever of them carries a tuple (a timed-out completion often
     * carries none). The history is split when most operations carry a tuple; an operation with
     * none keeps no key.
     */
    static List<Op> splitIndependentKeys(List<Op> ops) {
        Map<Long, Integer> open = new HashMap<>(); // process -> position of its open invocation
        int[] partner = new int[ops.size()];
        java.util.Arrays.fill(partner, -1);
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.isNemesis()) {
                continue;
            }
            if (op.isInvoke()) {
                open.put(op.process(), i);
            } else {
                Integer inv = open.remove(op.process());
                if (inv != null) {
                    partner[i] = inv;
                    partner[inv] = i;
                }
            }
        }
        int tupled = 0;
        int plain = 0;
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.isNemesis() || (!op.isInvoke() && partner[i] >= 0)) {
                continue; // count each operation once, at its invocation (or lone completion)
            }
            if (op.key() != null) {
                return ops; // keys given explicitly
            }
            boolean t = isTuple(op) || (partner[i] >= 0 && isTuple(ops.get(partner[i])));
            if (t) {
                tupled++;
            } else {
                plain++;
            }
        }
        if (tupled == 0 || tupled <= plain) {
            return ops;
        }
        List<Op> out = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.isNemesis()) {
                out.add(op);
            } else if (isTuple(op)) {
                List<?> kv = (List<?>) op.value();
                out.add(withKey(op, Values.key(kv.get(0)), kv.get(1)));
            } else if (partner[i] >= 0 && isTuple(ops.get(partner[i]))) {
                List<?> kv = (List<?>) ops.get(partner[i]).value();
                out.add(withKey(op, Values.key(kv.get(0)), op.value()));
            } else {
                out.add(op);
            }
        }
        return out;
    }

    private static Op withKey(Op op, String key, Object value) {
        return new Op(op.index(), op.time(), op.process(), op.type(), op.f(), key, value, op.error(), op.node());
    }

    private static boolean isTuple(Op op) {
        if (!(op.value() instanceof List<?> l) || l.size() != 2) {
            return false;
        }
        return !op.f().equals("cas") || (l.get(1) instanceof List<?> inner && inner.size() == 2) || l.get(1) == null;
    }

    /** Writes one op map per line, Jepsen style; keys as {@code :key}, the nemesis as {@code :nemesis}. */
    public static void write(List<Op> history, Writer out) throws IOException {
        StringBuilder sb = new StringBuilder(128);
        for (Op op : history) {
            sb.setLength(0);
            sb.append("{:index ").append(op.index());
            if (op.time() >= 0) {
                sb.append(", :time ").append(op.time());
            }
            sb.append(", :type :").append(op.type().wire());
            sb.append(", :process ").append(op.isNemesis() ? ":nemesis" : Long.toString(op.process()));
            sb.append(", :f :").append(op.f());
            if (op.key() != null) {
                sb.append(", :key ");
                writeValue(op.key(), sb);
            }
            sb.append(", :value ");
            writeValue(op.value(), sb);
            if (op.error() != null) {
                sb.append(", :error ");
                writeValue(op.error(), sb);
            }
            if (op.node() != null) {
                sb.append(", :node ");
                writeValue(op.node(), sb);
            }
            sb.append("}\n");
            out.write(sb.toString());
        }
        out.flush();
    }

    static void writeValue(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("nil");
        } else if (v instanceof String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\t' -> sb.append("\\t");
                    case '\r' -> sb.append("\\r");
                    default -> sb.append(c);
                }
            }
            sb.append('"');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (Iterator<?> it = l.iterator(); it.hasNext(); ) {
                writeValue(it.next(), sb);
                if (it.hasNext()) {
                    sb.append(' ');
                }
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                writeValue(e.getKey(), sb);
                sb.append(' ');
                writeValue(e.getValue(), sb);
            }
            sb.append('}');
        } else {
            sb.append(v);
        }
    }
}
