package io.raftkv.tester.checker;

import java.util.List;

/** Short terminal text for checker results. */
public final class Summary {
    private Summary() {}

    /** One line per result: {@code linearizable: invalid — not linearizable on key 3: ...}. */
    public static String of(List<CheckResult> results) {
        StringBuilder sb = new StringBuilder();
        for (CheckResult r : results) {
            sb.append(r.checker()).append(": ").append(r.verdict().wire());
            if (!r.valid()) {
                sb.append(" — ").append(r.summary());
                Object prefix = r.details().get("linearizedPrefix");
                if (prefix instanceof List<?> l && !l.isEmpty()) {
                    sb.append("\n    longest linearizable prefix (invocation indices): ")
                            .append(abbreviate(l, 12));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String abbreviate(List<?> l, int max) {
        if (l.size() <= max) {
            return l.toString();
        }
        return l.subList(0, max / 2) + " … " + l.subList(l.size() - max / 2, l.size()) + " (" + l.size() + " ops)";
    }
}
