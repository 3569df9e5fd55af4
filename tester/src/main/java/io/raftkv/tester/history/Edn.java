package io.raftkv.tester.history;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small reader for EDN (https://github.com/edn-format/edn), enough for Jepsen histories and logs.
 *
 * <p>Values map to Java as: {@code nil} → null, booleans, integers → Long (BigInteger if larger),
 * floats → Double (BigDecimal with {@code M}), strings, characters → String, {@link Keyword},
 * {@link Symbol}, lists and vectors → List, maps → LinkedHashMap, sets → LinkedHashSet, tagged
 * values → {@link Tagged}. {@code #_} discards the next value; {@code ;} starts a comment.
 *
 * <p>Not thread-safe; one instance reads one text.
 */
public final class Edn {

    /** A keyword, stored without the leading colon. */
    public record Keyword(String name) {
        private static final Map<String, Keyword> INTERNED = new java.util.concurrent.ConcurrentHashMap<>();

        public static Keyword of(String name) {
            return INTERNED.computeIfAbsent(name, Keyword::new);
        }

        @Override
        public String toString() {
            return ":" + name;
        }
    }

    /** A symbol, e.g. a var name a log printed. */
    public record Symbol(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A tagged element such as {@code #inst "..."} or {@code #jepsen.independent.Tuple{...}}. */
    public record Tagged(String tag, Object value) {}

    /** Thrown on malformed text; {@link #line()} is 1-based. */
    public static final class ParseException extends RuntimeException {
        private final int line;

        ParseException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private static final Object END = new Object();
    private static final Map<String, Character> NAMED_CHARS =
            Map.of("newline", '\n', "return", '\r', "space", ' ', "tab", '\t', "formfeed", '\f', "backspace", '\b');

    private final String text;
    private int pos;
    private int line;
    private final HashMap<String, String> strings = new HashMap<>();

    /** Reads {@code text}, whose first character is on line {@code firstLine}. */
    public Edn(String text, int firstLine) {
        this.text = text;
        this.line = firstLine;
    }

    /** Parses exactly one value from {@code text}; trailing content is an error. */
    public static Object parse(String text) {
        Edn edn = new Edn(text, 1);
        if (!edn.hasNext()) {
            throw new ParseException(1, "expected a value, found end of input");
        }
        Object v = edn.next();
        if (edn.hasNext()) {
            throw new ParseException(edn.line, "unexpected text after the value at column " + (edn.pos + 1));
        }
        return v;
    }

    /** True when another top-level value follows (skips whitespace and comments). */
    public boolean hasNext() {
        skipSpace();
        return pos < text.length();
    }

    /** The line on which the next value starts (after {@link #hasNext()}). */
    public int line() {
        return line;
    }

    /** Reads the next top-level value. */
    public Object next() {
        Object v = read();
        if (v == END) {
            throw new ParseException(line, "unexpected '" + text.charAt(pos - 1) + "'");
        }
        return v;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == ' ' || c == ',' || c == '\t' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == ';') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    /** Returns END for a closing delimiter (left consumed), so collections know where they stop. */
    private Object read() {
        skipSpace();
        if (pos >= text.length()) {
            throw new ParseException(line, "unexpected end of input");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '(', '[' -> {
                pos++;
                return readSeq(c == '(' ? ')' : ']');
            }
            case '{' -> {
                pos++;
                return readMap();
            }
            case ')', ']', '}' -> {
                pos++;
                return END;
            }
            case '"' -> {
                pos++;
                return readString();
            }
            case '\\' -> {
                pos++;
                return readChar();
            }
            case '#' -> {
                pos++;
                return readDispatch();
            }
            case ':' -> {
                pos++;
                String name = token();
                if (name.isEmpty()) {
                    throw new ParseException(line, "empty keyword");
                }
                return Keyword.of(name);
            }
            default -> {
                return readAtom();
            }
        }
    }

    private List<Object> readSeq(char close) {
        int start = line;
        List<Object> out = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                throw new ParseException(start, "unclosed collection: expected '" + close + "'");
            }
            if (text.charAt(pos) == close) {
                pos++;
                return out;
            }
            Object v = read();
            if (v == END) {
                throw new ParseException(line, "expected '" + close + "', found '" + text.charAt(pos - 1) + "'");
            }
            out.add(v);
        }
    }

    private Map<Object, Object> readMap() {
        int start = line;
        List<Object> items = readSeq('}');
        if (items.size() % 2 != 0) {
            throw new ParseException(start, "map literal with an odd number of forms");
        }
        Map<Object, Object> map = new LinkedHashMap<>(items.size());
        for (int i = 0; i < items.size(); i += 2) {
            map.put(items.get(i), items.get(i + 1));
        }
        return map;
    }

    private Object readDispatch() {
        if (pos >= text.length()) {
            throw new ParseException(line, "unexpected end of input after '#'");
        }
        char c = text.charAt(pos);
        if (c == '{') {
            pos++;
            Set<Object> set = new LinkedHashSet<>(readSeq('}'));
            return set;
        }
        if (c == '_') {
            pos++;
            next(); // discarded
            return read();
        }
        String tag = token();
        if (tag.isEmpty()) {
            throw new ParseException(line, "bad dispatch character '#" + c + "'");
        }
        return new Tagged(tag, next());
    }

    private String readString() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                String s = text.substring(start, pos++);
                return strings.computeIfAbsent(s, k -> k);
            }
            if (c == '\\') {
                return readEscapedString(start);
            }
            if (c == '\n') {
                line++;
            }
            pos++;
        }
        throw new ParseException(line, "unterminated string");
    }

    private String readEscapedString(int start) {
        StringBuilder sb = new StringBuilder(text.substring(start, pos));
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\n') {
                line++;
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case '"', '\\', '/' -> sb.append(e);
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw new ParseException(line, "bad unicode escape in string");
                    }
                    try {
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw new ParseException(line, "bad unicode escape in string");
                    }
                    pos += 4;
                }
                default -> throw new ParseException(line, "bad escape '\\" + e + "' in string");
            }
        }
        throw new ParseException(line, "unterminated string");
    }

    private String readChar() {
        String t = token();
        if (t.isEmpty() && pos < text.length()) {
            return String.valueOf(text.charAt(pos++));
        }
        if (t.length() == 1) {
            return t;
        }
        Character named = NAMED_CHARS.get(t);
        if (named != null) {
            return String.valueOf(named);
        }
        if (t.startsWith("u") && t.length() == 5) {
            return String.valueOf((char) Integer.parseInt(t.substring(1), 16));
        }
        throw new ParseException(line, "bad character literal \\" + t);
    }

    private Object readAtom() {
        String t = token();
        if (t.isEmpty()) {
            throw new ParseException(line, "unexpected '" + text.charAt(pos) + "'");
        }
        return switch (t) {
            case "nil" -> null;
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                char c = t.charAt(0);
                boolean numeric = Character.isDigit(c)
                        || ((c == '-' || c == '+') && t.length() > 1 && Character.isDigit(t.charAt(1)));
                yield numeric ? number(t) : new Symbol(t);
            }
        };
    }

    private Object number(String t) {
        try {
            if (t.endsWith("N")) {
                return shrink(new BigInteger(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("M")) {
                return new BigDecimal(t.substring(0, t.length() - 1));
            }
            if (t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0) {
                return Double.parseDouble(t);
            }
            int slash = t.indexOf('/');
            if (slash > 0) {
                return Double.parseDouble(t.substring(0, slash)) / Double.parseDouble(t.substring(slash + 1));
            }
            if (t.length() < 19) {
                return Long.parseLong(t);
            }
            return shrink(new BigInteger(t.startsWith("+") ? t.substring(1) : t));
        } catch (NumberFormatException e) {
            throw new ParseException(line, "bad number '" + t + "'");
        }
    }

    private static Object shrink(BigInteger n) {
        return n.bitLength() < 64 ? (Object) n.longValue() : n;
    }

    private String token() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == ',' || "()[]{}\";".indexOf(c) >= 0) {
                break;
            }
            if (c == '#' && pos == start) {
                break;
            }
            pos++;
        }
        return text.substring(start, pos);
    }
}
