package io.raftkv.server.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Answers requests the HTTP decoder could not read (before any route sees them) with the same JSON
 * errors as the routes; the server then closes the connection.
 */
final class InvalidRequests {
    private InvalidRequests() {}

    static void answer(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String error;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            error = "request line too long; the limit is " + HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH
                    + " bytes";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            error = "request headers too large; the limit is " + HttpServerOptions.DEFAULT_MAX_HEADER_SIZE + " bytes";
        } else {
            status = 400;
            error = "malformed HTTP request: " + (cause == null ? "unreadable" : cause.getMessage());
        }
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", Replies.JSON)
                .putHeader("Connection", "close")
                .end(new JsonObject().put("error", error).encode());
    }
}
