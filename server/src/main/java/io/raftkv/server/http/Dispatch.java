package io.raftkv.server.http;

import io.raftkv.server.kv.Command;
import io.raftkv.server.kv.Result;
import io.raftkv.server.node.Applied;
import io.raftkv.server.node.RaftNode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Runs writes and reads for the routes: on the leader, or forwarded to it; maps outcomes to answers. */
final class Dispatch {
    static final String STALE = "X-Raftkv-Stale";

    private final RaftNode node;
    private final LeaderRouting routing;
    private final Requests requests;

    Dispatch(RaftNode node, LeaderRouting routing, Requests requests) {
        this.node = node;
        this.routing = routing;
        this.requests = requests;
    }

    Requests requests() {
        return requests;
    }

    /**
     * Proposes {@code op} (with the request's session) on the leader and hands the applied result to
     * {@code answer}; stale sessions and failures are answered here.
     */
    void write(RoutingContext ctx, Command.Op op, BiConsumer<Long, Result> answer) {
        Command command = requests.command(ctx, op);
        routing.route(ctx, true, () -> node.propose(command).onComplete(ar -> {
            if (ar.failed()) {
                Replies.failure(ctx, ar.cause(), true);
                return;
            }
            Applied applied = ar.result();
            switch (applied.result()) {
                case Result.StaleSequence s ->
                    Replies.json(
                            ctx,
                            400,
                            new JsonObject()
                                    .put("error", "stale sequence: this client already used " + s.lastSeq())
                                    .put("lastSeq", s.lastSeq()));
                case Result.SessionConflict c ->
                    Replies.json(
                            ctx,
                            422,
                            new JsonObject()
                                    .put(
                                            "error",
                                            "sequence number " + c.seq() + " of client " + command.clientId()
                                                    + " was already used for a different request; nothing was"
                                                    + " written (use a new sequence number for a new request)")
                                    .put("clientId", command.clientId())
                                    .put("seq", c.seq()));
                case Result.SessionExpired e ->
                    Replies.json(
                            ctx,
                            410,
                            new JsonObject()
                                    .put(
                                            "error",
                                            "session expired: client " + command.clientId()
                                                    + " was evicted from the session table, so this request"
                                                    + " (seq " + command.seq() + ", not above its last seq "
                                                    + e.lastSeq() + ") may be a retry of one that was applied;"
                                                    + " it was not applied now, and whether the earlier attempt"
                                                    + " was is unknown")
                                    .put("clientId", command.clientId())
                                    .put("lastSeq", e.lastSeq()));
                case Result.Invalid i -> Replies.error(ctx, 500, "entry could not be applied: " + i.reason());
                default -> answerOrFail(ctx, () -> answer.accept(applied.index(), applied.result()));
            }
        }));
    }

    /** Runs {@code answer}; if it throws, the client still gets an answer (500) rather than none. */
    private static void answerOrFail(RoutingContext ctx, Runnable answer) {
        try {
            answer.run();
        } catch (RuntimeException e) {
            if (!ctx.response().ended()) {
                ctx.fail(e);
            }
        }
    }

    /**
     * Reads {@code key}: linearizably on the leader (forwarded from followers), or from this node's
     * copy when {@code linearizable} is false. {@code answer} gets the value, or null when absent.
     */
    void read(RoutingContext ctx, String key, boolean linearizable, Consumer<String> answer) {
        if (!linearizable) {
            ctx.response().putHeader(STALE, "true");
            answer.accept(node.staleGet(key));
            return;
        }
        if (node.readsLocally()) {
            answer.accept(node.staleGet(key)); // UNSAFE: pretends the local copy is linearizable
            return;
        }
        routing.route(ctx, false, () -> node.get(key).onComplete(ar -> {
            if (ar.failed()) {
                Replies.failure(ctx, ar.cause(), false);
            } else {
                answer.accept(ar.result());
            }
        }));
    }

    static void absent(RoutingContext ctx, String key) {
        Replies.json(ctx, 404, new JsonObject().put("error", "key not found").put("key", key));
    }
}
