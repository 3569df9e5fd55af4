package io.raftkv.tester.workload;

import io.raftkv.tester.client.Outcome;
import io.raftkv.tester.op.Completion;

/** The server's answers as the history records them: its string values as numbers, its outcomes as completions. */
final class ServerValues {
    private ServerValues() {}

    /** A register value as read: a number when it parses as one, else the raw string. */
    static Object parse(Object raw) {
        if (!(raw instanceof String s)) {
            return raw;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return s;
        }
    }

    /** The completion for an outcome, with {@code value} as the completion's value unless a read. */
    static Completion complete(Outcome outcome, Object value) {
        return switch (outcome) {
            case Outcome.Ok ok -> Completion.ok(value);
            case Outcome.Fail f -> Completion.fail(value, f.error());
            case Outcome.Info i -> Completion.info(value, i.error());
        };
    }
}
