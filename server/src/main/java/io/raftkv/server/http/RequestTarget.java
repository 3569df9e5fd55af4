package io.raftkv.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a request whose path or query does not decode to valid UTF-8 (400 with the reason), before
 * any route reads a key from it. Lenient decoders turn each bad byte into U+FFFD, so distinct bad
 * keys (say {@code %FF%FE} and {@code %C0%AF}) would all name the same key; and a bad escape in a
 * query must be the client's error, not the server's.
 */
final class RequestTarget implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path != null) {
            decode(path, false, "path");
        }
        String query = ctx.request().query();
        if (query != null) {
            for (String field : query.split("&", -1)) {
                int eq = field.indexOf('=');
                String name = decode(eq < 0 ? field : field.substring(0, eq), true, "query string");
                if (eq >= 0) {
                    decode(field.substring(eq + 1), true, "query parameter '" + name + "'");
                }
            }
        }
        ctx.next();
    }

    /**
     * Percent-decodes {@code s} ({@code +} as a space when {@code plusIsSpace}) and decodes the bytes as
     * strict UTF-8; throws {@link HttpError} 400 naming {@code what} when either step fails.
     */
    static String decode(String s, boolean plusIsSpace, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    String bad = s.substring(i, Math.min(s.length(), i + 3));
                    throw HttpError.badRequest(
                            what + " has a bad percent-escape '" + bad + "' (a % must be followed by two hex digits)");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // Already text (the request line held raw non-ASCII bytes): keep it as it is.
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest(what + " is not valid UTF-8 once percent-decoded");
        }
    }
}
