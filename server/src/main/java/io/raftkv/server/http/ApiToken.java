package io.raftkv.server.http;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The bearer token every client request must carry ({@code Authorization: Bearer TOKEN}) when the
 * node is started with {@code --http-token-file}. {@code GET /health} stays open, for probes.
 */
public final class ApiToken {
    /** Fewest bytes a token may have (after surrounding whitespace is dropped). */
    public static final int MIN_BYTES = 16;

    private final byte[] expected;

    private ApiToken(String token) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The token {@code text} holds, without surrounding whitespace.
     *
     * @throws IllegalArgumentException if it is shorter than {@link #MIN_BYTES} or holds a character
     *     an HTTP header cannot carry
     */
    public static ApiToken of(String text) {
        String token = text.strip();
        int bytes = token.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_BYTES) {
            throw new IllegalArgumentException("the token has " + bytes + " bytes; it needs at least " + MIN_BYTES
                    + " (for example: openssl rand -hex 32)");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the token may hold only printable ASCII without spaces");
        }
        return new ApiToken(token);
    }

    /**
     * Reads the token from {@code file}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static ApiToken read(Path file) {
        try {
            return of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    /** The {@code Authorization} header value that carries this token. */
    public String header() {
        return new String(expected, StandardCharsets.UTF_8);
    }

    /** Whether an {@code Authorization} header value (null when absent) carries this token. */
    boolean accepts(String authorization) {
        return authorization != null && MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
    }

    /** Route handler: lets {@code GET /health} and requests with the token through; answers 401 otherwise. */
    void check(RoutingContext ctx) {
        var request = ctx.request();
        if ("/health".equals(request.path()) || accepts(request.getHeader("Authorization"))) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        Replies.error(
                ctx,
                401,
                request.getHeader("Authorization") == null
                        ? "this node needs a bearer token (Authorization: Bearer TOKEN)"
                        : "wrong bearer token");
    }

    @Override
    public String toString() {
        return "ApiToken[hidden]";
    }
}
