package io.raftkv.server.http;

import io.raftkv.server.kv.Command;
import io.raftkv.server.kv.Result;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** The native API: {@code /kv/{key}}, and {@code POST /kv} for many puts at once (see API.md). */
final class NativeRoutes {
    private final Dispatch dispatch;
    private final Requests requests;

    NativeRoutes(Dispatch dispatch) {
        this.dispatch = dispatch;
        this.requests = dispatch.requests();
    }

    void mount(Router router) {
        router.post("/kv").handler(this::putBatch);
        router.put("/kv/:key").handler(this::put);
        router.get("/kv/:key").handler(this::get);
        router.delete("/kv/:key").handler(this::delete);
        router.post("/kv/:key/cas").handler(this::cas);
        router.post("/kv/:key/append").handler(this::append);
    }

    private void put(RoutingContext ctx) {
        String key = requests.key(ctx, "key", false);
        String value = requests.bodyValue(ctx, "value");
        dispatch.write(ctx, new Command.Put(key, value), (index, r) -> written(ctx, key, index, r));
    }

    /** Many puts in one log entry, applied together: readers see all of them or none. */
    private void putBatch(RoutingContext ctx) {
        Map<String, String> pairs = requests.pairsBody(ctx);
        int keys = pairs.size();
        dispatch.write(
                ctx,
                new Command.PutAll(pairs),
                (index, r) ->
                        Replies.json(ctx, new JsonObject().put("keys", keys).put("index", index)));
    }

    private void get(RoutingContext ctx) {
        String key = requests.key(ctx, "key", false);
        dispatch.read(ctx, key, Requests.linearizable(ctx), value -> {
            if (value == null) {
                Dispatch.absent(ctx, key);
            } else {
                Replies.text(ctx, value);
            }
        });
    }

    private void delete(RoutingContext ctx) {
        String key = requests.key(ctx, "key", false);
        dispatch.write(
                ctx,
                new Command.Delete(key),
                (index, r) -> Replies.json(
                        ctx,
                        new JsonObject()
                                .put("key", key)
                                .put("deleted", ((Result.Deleted) r).existed())
                                .put("index", index)));
    }

    private void cas(RoutingContext ctx) {
        String key = requests.key(ctx, "key", false);
        JsonObject body = requests.jsonBody(ctx);
        String expected = Requests.stringField(body, "expected", true);
        String value = Requests.stringField(body, "value", false);
        if (expected != null) {
            requests.checkValue("expected", expected);
        }
        requests.checkValue("value", value);
        dispatch.write(ctx, new Command.Cas(key, expected, value), (index, r) -> {
            if (r instanceof Result.CasMismatch m) {
                Replies.json(
                        ctx, 409, new JsonObject().put("error", "cas mismatch").put("current", m.current()));
            } else {
                written(ctx, key, index, r);
            }
        });
    }

    private void append(RoutingContext ctx) {
        String key = requests.key(ctx, "key", false);
        String suffix = requests.bodyValue(ctx, "suffix");
        dispatch.write(ctx, new Command.Append(key, suffix), (index, r) -> written(ctx, key, index, r));
    }

    private static void written(RoutingContext ctx, String key, long index, Result r) {
        Replies.json(
                ctx,
                new JsonObject()
                        .put("key", key)
                        .put("value", ((Result.Written) r).value())
                        .put("index", index));
    }
}
