package io.raftkv.tester.report;

import io.raftkv.tester.history.Op;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Short human renderings of op values, and HTML escaping. */
final class Text {

    private Text() {}

    /** Clojure-like: nil, 3, "s", [1 2], {k v}. */
    static String value(Object v) {
        StringBuilder b = new StringBuilder();
        append(b, v, 0);
        return b.toString();
    }

    private static void append(StringBuilder b, Object v, int depth) {
        if (b.length() > 400) {
            return;
        }
        switch (v) {
            case null -> b.append("nil");
            case List<?> list -> {
                b.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        b.append(' ');
                    }
                    append(b, list.get(i), depth + 1);
                }
                b.append(']');
            }
            case Map<?, ?> map -> {
                b.append('{');
                boolean first = true;
                for (var e : map.entrySet()) {
                    if (!first) {
                        b.append(", ");
                    }
                    first = false;
                    append(b, e.getKey(), depth + 1);
                    b.append(' ');
                    append(b, e.getValue(), depth + 1);
                }
                b.append('}');
            }
            default -> b.append(v);
        }
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String html(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * JSON made safe to sit inside a {@code <script>} element: no "&lt;/script&gt;", no HTML comment
     * openers, no line separators. Escapes only ever fall inside JSON strings, where they mean the
     * same characters.
     */
    static String scriptSafeJson(String json) {
        return json.replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }

    /**
     * What an operation did, after its "(p0 write k1)" label: a read shows what it returned ({@code
     * → 658}), anything else its argument, and the completion's value where it differs ({@code [1 2]
     * → false}); an error follows in parentheses, and an operation that never completed ends in
     * {@code ?}.
     */
    static String opText(Op invoke, Op done, int limit) {
        boolean read = invoke.value() == null;
        String argument = read ? "" : clip(value(invoke.value()), limit);
        if (done == null) {
            return read ? "→ ?" : argument + " → ?";
        }
        String result = clip(value(done.value()), limit);
        String text;
        if (read) {
            text = "→ " + result;
        } else if (done.value() == null || Objects.equals(done.value(), invoke.value())) {
            text = argument;
        } else {
            text = argument + " → " + result;
        }
        return done.error() == null ? text : text + " (" + clip(done.error(), limit) + ")";
    }
}
