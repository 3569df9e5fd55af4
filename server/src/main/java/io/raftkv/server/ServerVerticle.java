package io.raftkv.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.raftkv.server.http.HttpApi;
import io.raftkv.server.http.HttpOptions;
import io.raftkv.server.http.Joiner;
import io.raftkv.server.node.NodeMetrics;
import io.raftkv.server.node.NodeOptions;
import io.raftkv.server.node.RaftNode;
import io.raftkv.server.storage.RaftStorage;
import io.raftkv.server.storage.SnapshotStore;
import io.raftkv.server.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

/**
 * One raftkv node: the Raft node and its HTTP API on one event-loop context. Storage and transport
 * come from {@link Parts}, so tests can substitute in-memory ones. The node's meters go to a
 * Prometheus registry that {@code GET /metrics} renders.
 */
public final class ServerVerticle extends VerticleBase {

    /** Makes the node's storage and transport; called once, on the verticle's context. */
    public interface Parts {
        RaftStorage storage() throws Exception;

        Transport transport(Vertx vertx);

        /** Where snapshots are kept; null for a node that never takes or installs one. */
        default SnapshotStore snapshots() throws Exception {
            return null;
        }
    }

    private record Stores(RaftStorage storage, SnapshotStore snapshots) {}

    /**
     * Join a running cluster through {@code target} (a member's HTTP host:port), announcing this node
     * at {@code raft} and {@code http}.
     */
    public record Join(String target, String raft, String http) {}

    private final NodeOptions nodeOptions;
    private final HttpOptions httpOptions;
    private final Parts parts;
    private final Runnable onFatal;
    private final Join join;
    private final PrometheusMeterRegistry registry;
    private RaftNode node;
    private HttpApi api;
    private Joiner joiner;

    public ServerVerticle(NodeOptions nodeOptions, HttpOptions httpOptions, Parts parts, Runnable onFatal) {
        this(nodeOptions, httpOptions, parts, onFatal, null);
    }

    /** A node that, unless it is a member already, asks to be added through {@code join} (or null). */
    public ServerVerticle(NodeOptions nodeOptions, HttpOptions httpOptions, Parts parts, Runnable onFatal, Join join) {
        this(nodeOptions, httpOptions, parts, onFatal, join, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /**
     * A node whose meters go to {@code registry}, which may hold others (Vert.x's own, built with
     * {@link Metrics#vertx}); {@code GET /metrics} renders all of it.
     */
    public ServerVerticle(
            NodeOptions nodeOptions,
            HttpOptions httpOptions,
            Parts parts,
            Runnable onFatal,
            Join join,
            PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.nodeOptions = nodeOptions;
        this.httpOptions = httpOptions;
        this.parts = parts;
        this.onFatal = onFatal;
        this.join = join;
    }

    @Override
    public Future<?> start() throws Exception {
        // Opening the storage reads and may repair files: a worker's job, not the event loop's.
        return context.executeBlocking(() -> new Stores(parts.storage(), parts.snapshots()), true)
                .compose(stores -> {
                    NodeMetrics metrics = new NodeMetrics(registry);
                    Transport transport = metrics.transport(parts.transport(vertx));
                    RaftStorage storage = metrics.storage(stores.storage());
                    node = new RaftNode(vertx, nodeOptions, storage, transport, stores.snapshots())
                            .httpAddress(httpOptions.address())
                            .onFatal(onFatal)
                            .onCommit(metrics::commit);
                    api = new HttpApi(vertx, node, httpOptions, () -> {
                        metrics.observe(node.status(httpOptions.address()));
                        return registry.scrape();
                    });
                    // HTTP starts before the node ticks, so its one-time start-up cost cannot delay heartbeats.
                    return node.recover()
                            .compose(v -> api.listen())
                            .compose(s -> node.run())
                            .onSuccess(v -> {
                                if (join != null && !node.cluster().membership().contains(node.id())) {
                                    joiner = new Joiner(
                                            vertx, node, join.target(), join.raft(), join.http(), httpOptions);
                                    joiner.start();
                                }
                            });
                });
    }

    /** Closes HTTP first (no new requests), then the node, its transport and its storage. */
    @Override
    public Future<?> stop() {
        if (joiner != null) {
            joiner.stop();
        }
        Future<Void> http = api == null ? Future.succeededFuture() : api.close();
        return http.eventually(() -> node == null ? Future.succeededFuture() : node.close());
    }

    public RaftNode node() {
        return node;
    }
}
