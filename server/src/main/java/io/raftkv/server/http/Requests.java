package io.raftkv.server.http;

import io.raftkv.server.kv.Command;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Validation of what a request carries. Every method throws {@link HttpError} on bad input. */
final class Requests {
    static final String CLIENT_ID = "X-Client-Id";
    static final String REQUEST_SEQ = "X-Request-Seq";
    private static final int MAX_CLIENT_ID_BYTES = 128;

    private final HttpOptions options;

    Requests(HttpOptions options) {
        this.options = options;
    }

    /** A key from a path parameter or query parameter {@code name}. */
    String key(RoutingContext ctx, String name, boolean query) {
        String key = query ? ctx.queryParams().get(name) : ctx.pathParam(name);
        if (key == null) {
            throw HttpError.badRequest("missing query parameter '" + name + "'");
        }
        return checkKey(key);
    }

    String checkKey(String key) {
        if (key.isEmpty()) {
            throw HttpError.badRequest("key must not be empty");
        }
        checkUnicode("key", key);
        int bytes = utf8Length(key);
        if (bytes > options.maxKeyBytes()) {
            throw HttpError.tooLarge("key is " + bytes + " bytes; the limit is " + options.maxKeyBytes());
        }
        return key;
    }

    String checkValue(String what, String value) {
        checkUnicode(what, value);
        int bytes = utf8Length(value);
        if (bytes > options.maxValueBytes()) {
            throw HttpError.tooLarge(what + " is " + bytes + " bytes; the limit is " + options.maxValueBytes());
        }
        return value;
    }

    /**
     * A string from a JSON text may hold a surrogate that is not half of a pair ({@code "\ud800"}):
     * not a Unicode character, and not encodable in UTF-8 (it would be stored as {@code ?}).
     */
    static void checkUnicode(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw HttpError.badRequest(what + " holds a lone surrogate (\\u" + Integer.toHexString(c) + " at char "
                        + i + "), which is not a Unicode character");
            }
        }
    }

    /**
     * The raw request body, whatever its content type. A multipart body is refused (415): its parts
     * are not a value, and storing it either way would surprise the sender.
     */
    static Buffer body(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && type.trim().regionMatches(true, 0, "multipart/", 0, "multipart/".length())) {
            throw new HttpError(
                    415,
                    "multipart bodies are not accepted: send the value itself as the request body"
                            + " (curl --data-binary @file, not -F)");
        }
        return RawBody.of(ctx);
    }

    /** The raw body as a value: valid UTF-8 within the value limit. */
    String bodyValue(RoutingContext ctx, String what) {
        Buffer body = body(ctx);
        if (body.length() > options.maxValueBytes()) {
            throw HttpError.tooLarge(what + " is " + body.length() + " bytes; the limit is " + options.maxValueBytes());
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body.getBytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest(what + " is not valid UTF-8");
        }
    }

    /** The body as a JSON object. */
    JsonObject jsonBody(RoutingContext ctx) {
        Buffer body = body(ctx);
        if (body.length() == 0) {
            throw HttpError.badRequest("body must be a JSON object");
        }
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(body);
            if (parsed instanceof JsonObject o) {
                return o;
            }
        } catch (DecodeException e) {
            throw HttpError.badRequest("body is not valid JSON: " + firstLine(e.getMessage()));
        }
        throw HttpError.badRequest("body must be a JSON object");
    }

    /**
     * The body as a JSON object of key/value pairs for a multi-key put: at least one pair, every key
     * and value checked as for a single write, in the body's order (a key given twice keeps its last
     * value). Any bad pair refuses the whole request, so nothing is written.
     */
    Map<String, String> pairsBody(RoutingContext ctx) {
        JsonObject body = jsonBody(ctx);
        if (body.isEmpty()) {
            throw HttpError.badRequest("body must hold at least one key/value pair");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String key : body.fieldNames()) {
            checkKey(key);
            Object v = body.getValue(key);
            if (!(v instanceof String value)) {
                throw HttpError.badRequest("the value of '" + key + "' must be a string, not "
                        + (v == null ? "null" : "a JSON " + jsonType(v)));
            }
            checkValue("value of '" + key + "'", value);
            pairs.put(key, value);
        }
        return pairs;
    }

    private static String jsonType(Object v) {
        return switch (v) {
            case JsonObject o -> "object";
            case io.vertx.core.json.JsonArray a -> "array";
            case Boolean b -> "boolean";
            case Number n -> "number";
            default -> v.getClass().getSimpleName();
        };
    }

    /** A JSON field that must be a string (or, when {@code nullable}, null). */
    static String stringField(JsonObject o, String field, boolean nullable) {
        if (!o.containsKey(field)) {
            throw HttpError.badRequest("missing field '" + field + "'");
        }
        Object v = o.getValue(field);
        if (v == null && nullable) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        throw HttpError.badRequest("field '" + field + "' must be a string" + (nullable ? " or null" : ""));
    }

    /** Wraps {@code op} in the session named by the request's headers, if any. */
    Command command(RoutingContext ctx, Command.Op op) {
        String client = ctx.request().getHeader(CLIENT_ID);
        String seq = ctx.request().getHeader(REQUEST_SEQ);
        if (client == null && seq == null) {
            return Command.of(op);
        }
        if (client == null || seq == null) {
            throw HttpError.badRequest(CLIENT_ID + " and " + REQUEST_SEQ + " must be given together");
        }
        int clientBytes = utf8Length(client);
        if (clientBytes == 0 || clientBytes > MAX_CLIENT_ID_BYTES) {
            throw HttpError.badRequest(CLIENT_ID + " must be 1.." + MAX_CLIENT_ID_BYTES + " bytes");
        }
        long n;
        try {
            n = Long.parseLong(seq.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(REQUEST_SEQ + " must be a positive integer");
        }
        if (n <= 0) {
            throw HttpError.badRequest(REQUEST_SEQ + " must be a positive integer");
        }
        return new Command(client, n, op);
    }

    /** The {@code consistency} parameter: true for linearizable (the default), false for stale. */
    static boolean linearizable(RoutingContext ctx) {
        String c = ctx.queryParams().get("consistency");
        if (c == null || c.equals("linearizable")) {
            return true;
        }
        if (c.equals("stale")) {
            return false;
        }
        throw HttpError.badRequest("consistency must be 'linearizable' or 'stale', not '" + c + "'");
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
