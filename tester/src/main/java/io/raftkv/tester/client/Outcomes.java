package io.raftkv.tester.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Maps an HTTP answer of the server (see server/API.md) to an {@link Outcome}, Jepsen's way. Pure:
 * no I/O, so every rule is unit-tested.
 *
 * <ul>
 *   <li>2xx: ok, with the value read or written;
 *   <li>404 on a read: ok, the key is absent (nil);
 *   <li>409 on a CAS: fail, the expected value did not match;
 *   <li>503: fail, no leader was known and nothing was proposed;
 *   <li>504: info, proposed but the outcome is unknown;
 *   <li>400/413 and anything else: fail for 4xx (rejected before proposing), info for other 5xx.
 * </ul>
 *
 * A read never changes state, so a read that may or may not have happened is reported as fail:
 * that keeps the checker's search small and loses nothing.
 */
public final class Outcomes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Outcomes() {}

    /** The operations the client sends. */
    public enum Kind {
        READ,
        WRITE,
        CAS,
        APPEND;

        public boolean isRead() {
            return this == READ;
        }
    }

    /**
     * @param kind what was asked
     * @param status the HTTP status
     * @param body the answer body (may be empty)
     * @param sent the value the client sent (returned as the result of a successful write)
     */
    public static Outcome ofResponse(Kind kind, int status, String body, Object sent) {
        if (status >= 200 && status < 300) {
            return new Outcome.Ok(kind.isRead() ? body : sent);
        }
        String error = errorOf(status, body);
        return switch (status) {
            case 404 -> kind.isRead() ? new Outcome.Ok(null) : new Outcome.Fail(error);
            case 409 -> new Outcome.Fail(error);
            case 503 -> new Outcome.Fail(error);
            case 504 -> indeterminate(kind, error);
            default -> status >= 400 && status < 500 ? new Outcome.Fail(error) : indeterminate(kind, error);
        };
    }

    /**
     * Maps a transport failure. {@code sent} tells whether the request may have reached the server:
     * a refused connection before anything was sent is a definite fail; a timeout or a reset after
     * sending is info.
     */
    public static Outcome ofException(Kind kind, Throwable error, boolean sent) {
        String message =
                error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        if (!sent) {
            return new Outcome.Fail(message);
        }
        return indeterminate(kind, message);
    }

    private static Outcome indeterminate(Kind kind, String error) {
        return kind.isRead() ? new Outcome.Fail(error) : new Outcome.Info(error);
    }

    static String errorOf(int status, String body) {
        if (body != null && !body.isBlank()) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && node.hasNonNull("error")) {
                    return status + " " + node.get("error").asText();
                }
            } catch (IOException e) {
                // not JSON: fall through and quote it
            }
            return status + " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
        }
        return String.valueOf(status);
    }
}
