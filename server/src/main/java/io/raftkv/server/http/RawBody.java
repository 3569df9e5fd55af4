package io.raftkv.server.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the whole request body as bytes, whatever its content type: no form or multipart decoding,
 * so a value sent with curl's default form content type is the bytes sent. A body over the limit is
 * 413; a body whose framing is broken (a bad chunk size) is 400 and the connection is closed.
 */
final class RawBody implements Handler<RoutingContext> {
    private static final String KEY = "raftkv.body";

    private final long limit;

    RawBody(long limit) {
        this.limit = limit;
    }

    /** The body read for {@code ctx}: empty when the request had none. */
    static Buffer of(RoutingContext ctx) {
        Buffer body = ctx.get(KEY);
        return body == null ? Buffer.buffer() : body;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Buffer body = Buffer.buffer();
        boolean[] failed = {false};
        request.handler(chunk -> {
            if (failed[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > limit) {
                failed[0] = true;
                ctx.fail(413);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            if (failed[0]) {
                return;
            }
            failed[0] = true;
            // The framing is lost: nothing more can be read on this connection.
            ctx.response().putHeader("Connection", "close");
            ctx.addEndHandler(v -> request.connection().close());
            ctx.fail(HttpError.badRequest("malformed request body (bad chunked encoding?): " + e.getMessage()));
        });
        request.endHandler(v -> {
            if (!failed[0]) {
                ctx.put(KEY, body);
                ctx.next();
            }
        });
        request.resume();
    }
}
