package io.raftkv.server.http;

import io.vertx.core.json.JsonObject;

/** A request that is answered with an error status; thrown by validation, rendered as JSON. */
public final class HttpError extends RuntimeException {
    private final int status;
    private final JsonObject extra;

    public HttpError(int status, String message) {
        this(status, message, new JsonObject());
    }

    public HttpError(int status, String message, JsonObject extra) {
        super(message, null, false, false);
        this.status = status;
        this.extra = extra;
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    public static HttpError tooLarge(String message) {
        return new HttpError(413, message);
    }

    public int status() {
        return status;
    }

    /** The JSON body: {@code {"error": message}} plus any extra fields. */
    public JsonObject body() {
        return new JsonObject().put("error", getMessage()).mergeIn(extra);
    }
}
