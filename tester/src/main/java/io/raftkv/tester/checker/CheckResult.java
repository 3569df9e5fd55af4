package io.raftkv.tester.checker;

import java.util.Map;

/**
 * What a checker found. {@code details} is JSON-ready data (maps, lists, strings, numbers) that
 * says why, e.g. for a linearizability violation the key, the longest linearizable prefix and the
 * first operation that cannot be linearized.
 *
 * @param checker the checker's name, e.g. "linearizable"
 * @param summary one human line
 */
public record CheckResult(String checker, Verdict verdict, String summary, Map<String, Object> details) {

    public CheckResult {
        details = details == null ? Map.of() : details;
    }

    public boolean valid() {
        return verdict == Verdict.VALID;
    }
}
