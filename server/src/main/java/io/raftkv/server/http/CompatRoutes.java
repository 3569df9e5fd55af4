package io.raftkv.server.http;

import io.raftkv.server.kv.Command;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The routes of other Raft key-value servers this one can stand in for: a minimal Go Raft KV's
 * {@code /set} and {@code /get} with query
 * parameters, and hraftd's {@code /key} with JSON objects. Same semantics as the native routes underneath
 * (linearizable reads, forwarding, sessions).
 */
final class CompatRoutes {
    private final Dispatch dispatch;
    private final Requests requests;

    CompatRoutes(Dispatch dispatch) {
        this.dispatch = dispatch;
        this.requests = dispatch.requests();
    }

    void mount(Router router) {
        router.get("/set").handler(this::set);
        router.get("/get").handler(this::get);
        router.post("/key").handler(this::putAll);
        router.get("/key/:key").handler(this::getKey);
        router.delete("/key/:key").handler(this::deleteKey);
    }

    private void set(RoutingContext ctx) {
        String key = requests.key(ctx, "key", true);
        String value = ctx.queryParams().get("value");
        if (value == null) {
            throw HttpError.badRequest("missing query parameter 'value'");
        }
        requests.checkValue("value", value);
        dispatch.write(ctx, new Command.Put(key, value), (index, r) -> Replies.text(ctx, "ok"));
    }

    private void get(RoutingContext ctx) {
        String key = requests.key(ctx, "key", true);
        dispatch.read(ctx, key, Requests.linearizable(ctx), value -> {
            if (value == null) {
                Dispatch.absent(ctx, key);
            } else {
                Replies.text(ctx, value);
            }
        });
    }

    private void putAll(RoutingContext ctx) {
        Map<String, String> pairs = requests.pairsBody(ctx);
        dispatch.write(ctx, new Command.PutAll(pairs), (index, r) -> Replies.json(ctx, new JsonObject()));
    }

    private void getKey(RoutingContext ctx) {
        String key = requests.key(ctx, "key", false);
        dispatch.read(ctx, key, Requests.linearizable(ctx), value -> {
            if (value == null) {
                Dispatch.absent(ctx, key);
            } else {
                Replies.json(ctx, new JsonObject().put(key, value));
            }
        });
    }

    private void deleteKey(RoutingContext ctx) {
        String key = requests.key(ctx, "key", false);
        dispatch.write(ctx, new Command.Delete(key), (index, r) -> Replies.json(ctx, new JsonObject()));
    }
}
