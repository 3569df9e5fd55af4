package io.raftkv.server.testing;

import io.raftkv.server.ServerVerticle;
import io.raftkv.server.http.HttpOptions;
import io.raftkv.server.node.NodeOptions;
import io.raftkv.server.storage.RaftStorage;
import io.raftkv.server.transport.ClusterSecret;
import io.raftkv.server.transport.TcpTransport;
import io.raftkv.server.transport.Transport;
import io.raftkv.server.transport.TransportOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Nodes in this JVM, each with its own Vert.x instance, talking over the real peer transport on
 * loopback ports, with in-memory storage: for tests of what arrives on a node's peer port.
 */
public final class TcpCluster implements AutoCloseable {
    private final Map<String, String> raftAddresses = new LinkedHashMap<>();
    private final Map<String, Integer> raftPorts = new LinkedHashMap<>();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private final Map<String, Vertx> running = new HashMap<>();
    private final Map<String, ClusterSecret> secrets = new HashMap<>();

    public TcpCluster(int size) {
        for (int i = 1; i <= size; i++) {
            String id = "n" + i;
            raftPorts.put(id, Ports.free());
            raftAddresses.put(id, "127.0.0.1:" + raftPorts.get(id));
            httpPorts.put(id, Ports.free());
        }
    }

    /** Gives every node this cluster secret (null: none), from their next start. */
    public TcpCluster secret(ClusterSecret secret) {
        raftAddresses.keySet().forEach(id -> secret(id, secret));
        return this;
    }

    /** Gives node {@code id} this cluster secret (null: none), from its next start. */
    public TcpCluster secret(String id, ClusterSecret secret) {
        secrets.put(id, secret);
        return this;
    }

    public TcpCluster start() {
        raftAddresses.keySet().forEach(this::start);
        return this;
    }

    public void start(String id) {
        Vertx vertx = Vertx.vertx();
        int port = httpPorts.get(id);
        NodeOptions node = new NodeOptions(
                id,
                raftAddresses,
                20,
                10,
                1,
                64,
                3000,
                100,
                NodeOptions.Unsafe.NONE,
                NodeOptions.DEFAULT_SNAPSHOT_THRESHOLD);
        HttpOptions http = new HttpOptions("127.0.0.1", port, "127.0.0.1:" + port, 1024, 1024, 2000, 4000, 2000);
        MemoryStorage storage = new MemoryStorage();
        ClusterSecret secret = secrets.get(id);
        var parts = new ServerVerticle.Parts() {
            @Override
            public RaftStorage storage() {
                return storage;
            }

            @Override
            public Transport transport(Vertx v) {
                return new TcpTransport(v, id, raftAddresses, TransportOptions.DEFAULT, secret);
            }
        };
        try {
            vertx.deployVerticle(new ServerVerticle(node, http, parts, () -> {}))
                    .await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("node " + id + " did not start", e);
        }
        running.put(id, vertx);
    }

    public List<String> ids() {
        return new ArrayList<>(raftAddresses.keySet());
    }

    public String url(String id) {
        return "http://127.0.0.1:" + httpPorts.get(id);
    }

    /** The loopback port node {@code id} listens on for HTTP. */
    public int httpPort(String id) {
        return httpPorts.get(id);
    }

    /** The loopback port node {@code id} listens on for peers. */
    public int raftPort(String id) {
        return raftPorts.get(id);
    }

    /** The leader every running node agrees on ({@link AgreedLeader#await}). */
    public String awaitLeader(Duration timeout) {
        return AgreedLeader.await(timeout, running::keySet, this::url);
    }

    @Override
    public void close() {
        for (Vertx vertx : List.copyOf(running.values())) {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        running.clear();
    }
}
