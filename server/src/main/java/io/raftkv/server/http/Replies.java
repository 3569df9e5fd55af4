package io.raftkv.server.http;

import io.raftkv.server.node.NodeException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.ConnectException;

/** The one place that writes answers: JSON bodies, plain values and the error mapping. */
final class Replies {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    private Replies() {}

    static void json(RoutingContext ctx, int status, JsonObject body) {
        response(ctx, status, JSON).end(body.encode());
    }

    static void json(RoutingContext ctx, JsonObject body) {
        json(ctx, 200, body);
    }

    static void text(RoutingContext ctx, String value) {
        response(ctx, 200, TEXT).end(value);
    }

    static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("error", message));
    }

    /**
     * Answers a failed request. {@code write} says whether the request could have changed state, which
     * decides whether a lost connection to the leader is "nothing happened" or "may have happened".
     */
    static void failure(RoutingContext ctx, Throwable cause, boolean write) {
        switch (cause) {
            case HttpError e -> json(ctx, e.status(), e.body());
            case NodeException e
            when e.kind() == NodeException.Kind.INDETERMINATE -> indeterminate(ctx, e.getMessage());
            case NodeException e
            when e.kind() == NodeException.Kind.IN_PROGRESS ->
                json(ctx, 202, new JsonObject().put("status", "in progress").put("message", e.getMessage()));
            case NodeException e -> {
                JsonObject body = new JsonObject().put("error", e.getMessage());
                if (e.leader() != null) {
                    body.put("leader", e.leader());
                }
                json(ctx, 503, body);
            }
            // Could not connect: the request never reached the leader.
            case ConnectException e -> error(ctx, 503, "leader unreachable: " + e.getMessage());
            default -> {
                if (write) {
                    indeterminate(ctx, "lost the leader's answer: " + cause.getMessage());
                } else {
                    error(ctx, 503, "lost the leader's answer: " + cause.getMessage());
                }
            }
        }
    }

    static void indeterminate(RoutingContext ctx, String reason) {
        json(
                ctx,
                504,
                new JsonObject()
                        .put("error", "outcome unknown: the write may have happened")
                        .put("indeterminate", true)
                        .put("reason", reason));
    }

    private static HttpServerResponse response(RoutingContext ctx, int status, String contentType) {
        return ctx.response().setStatusCode(status).putHeader("Content-Type", contentType);
    }
}
