package io.raftkv.server.node;

import io.raftkv.server.raft.RaftCore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How calls reach a node's core: always on the node's context, hopping there from elsewhere. The
 * request classes use it to start requests; the node, for everything else.
 */
final class NodeLoop {
    private final Context context;
    private final Supplier<RaftCore> core;
    private final BooleanSupplier stopped;
    private final Runnable pump;

    /**
     * @param core the node's core, read on the context
     * @param stopped whether the node takes no more requests
     * @param pump schedules a turn of the node's Ready loop
     */
    NodeLoop(Context context, Supplier<RaftCore> core, BooleanSupplier stopped, Runnable pump) {
        this.context = context;
        this.core = core;
        this.stopped = stopped;
        this.pump = pump;
    }

    /**
     * Runs {@code action} with the core, then pumps the Ready loop. Fails UNAVAILABLE once the node is
     * stopping, and with the exception when {@code action} refuses the request by throwing {@link
     * IllegalArgumentException}.
     */
    <T> Future<T> request(Function<RaftCore, Future<T>> action) {
        return on(() -> {
            if (stopped.getAsBoolean()) {
                return Future.failedFuture(NodeException.unavailable("node is stopping"));
            }
            try {
                Future<T> f = action.apply(core.get());
                pump.run();
                return f;
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(e);
            }
        });
    }

    /** Runs {@code action} with the core, whether or not the node is stopping; no pump follows. */
    <T> Future<T> read(Function<RaftCore, Future<T>> action) {
        return on(() -> action.apply(core.get()));
    }

    /** Runs {@code action} on the node's context, hopping there if called from elsewhere. */
    <T> Future<T> on(Supplier<Future<T>> action) {
        if (Vertx.currentContext() == context) {
            return action.get();
        }
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }
}
