package io.raftkv.server.testing;

import io.raftkv.server.ServerVerticle;
import io.raftkv.server.http.HttpOptions;
import io.raftkv.server.node.NodeOptions;
import io.raftkv.server.storage.RaftStorage;
import io.raftkv.server.transport.Transport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Nodes in this JVM, each with its own Vert.x instance, over an in-memory network and in-memory
 * storage that survives restarts. Fast and deterministic enough for HTTP and failover tests.
 */
public final class InProcessCluster implements AutoCloseable {
    private final MemoryNetwork network = new MemoryNetwork();
    private final Map<String, String> raftAddresses = new LinkedHashMap<>();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private final Map<String, MemoryStorage> storages = new HashMap<>();
    private final Map<String, Vertx> running = new HashMap<>();
    private final int maxKeyBytes;
    private final int maxValueBytes;

    public InProcessCluster(int size, int maxKeyBytes, int maxValueBytes) {
        this.maxKeyBytes = maxKeyBytes;
        this.maxValueBytes = maxValueBytes;
        for (int i = 1; i <= size; i++) {
            String id = "n" + i;
            raftAddresses.put(id, "mem:" + i);
            httpPorts.put(id, Ports.free());
            storages.put(id, new MemoryStorage());
            network.announce(id, "127.0.0.1:" + httpPorts.get(id));
        }
    }

    public InProcessCluster start() {
        raftAddresses.keySet().forEach(this::start);
        return this;
    }

    public void start(String id) {
        // A low limit makes any accidental blocking of an event loop loud in the test log.
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setMaxEventLoopExecuteTime(200)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
        int port = httpPorts.get(id);
        NodeOptions node = new NodeOptions(id, raftAddresses, 20, 10, 1, 3000, 100, NodeOptions.Unsafe.NONE);
        HttpOptions http =
                new HttpOptions("127.0.0.1", port, "127.0.0.1:" + port, maxKeyBytes, maxValueBytes, 2000, 4000);
        var parts = new ServerVerticle.Parts() {
            @Override
            public RaftStorage storage() {
                return storages.get(id);
            }

            @Override
            public Transport transport(Vertx v) {
                return network.transport(v, id);
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

    /** Stops a node abruptly (its storage object keeps what it persisted). */
    public void stop(String id) {
        Vertx vertx = running.remove(id);
        if (vertx != null) {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public MemoryNetwork network() {
        return network;
    }

    public List<String> ids() {
        return new ArrayList<>(raftAddresses.keySet());
    }

    public String url(String id) {
        return "http://127.0.0.1:" + httpPorts.get(id);
    }

    /** Waits until a running node reports itself leader and returns its id. */
    public String awaitLeader(Duration timeout) {
        return Http.await(
                "a leader",
                timeout,
                () -> {
                    for (String id : running.keySet()) {
                        var s = Http.get(url(id) + "/status").json();
                        if ("leader".equals(s.getString("role"))) {
                            return id;
                        }
                    }
                    return null;
                },
                id -> id != null);
    }

    @Override
    public void close() {
        for (String id : List.copyOf(running.keySet())) {
            stop(id);
        }
    }
}
