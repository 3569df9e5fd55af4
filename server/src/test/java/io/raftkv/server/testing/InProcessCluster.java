package io.raftkv.server.testing;

import io.raftkv.server.Metrics;
import io.raftkv.server.ServerVerticle;
import io.raftkv.server.http.ApiToken;
import io.raftkv.server.http.HttpOptions;
import io.raftkv.server.http.Tls;
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
    private final NodeOptions.Unsafe unsafe;
    private long tickMillis = 20;
    private ApiToken apiToken;
    private Tls tls;

    public InProcessCluster(int size, int maxKeyBytes, int maxValueBytes) {
        this(size, maxKeyBytes, maxValueBytes, NodeOptions.Unsafe.NONE);
    }

    public InProcessCluster(int size, int maxKeyBytes, int maxValueBytes, NodeOptions.Unsafe unsafe) {
        this.unsafe = unsafe;
        this.maxKeyBytes = maxKeyBytes;
        this.maxValueBytes = maxValueBytes;
        for (int i = 1; i <= size; i++) {
            String id = "n" + i;
            raftAddresses.put(id, "mem:" + i);
            httpPorts.put(id, Ports.free());
            storages.put(id, new MemoryStorage());
        }
    }

    /**
     * Sets the tick length for nodes started from now on. Longer ticks give a test more time between
     * cutting a leader off and its stepping down (after one election timeout, 10 ticks).
     */
    public InProcessCluster tickMillis(long millis) {
        this.tickMillis = millis;
        return this;
    }

    /** Every node asks clients for this bearer token. */
    public InProcessCluster apiToken(ApiToken token) {
        this.apiToken = token;
        return this;
    }

    /** Every node serves HTTPS, and forwards to the others over it. */
    public InProcessCluster tls(Tls tls) {
        this.tls = tls;
        return this;
    }

    public InProcessCluster start() {
        raftAddresses.keySet().forEach(this::start);
        return this;
    }

    public void start(String id) {
        // A low limit makes any accidental blocking of an event loop loud in the test log.
        // Each node has its own registry, fed by its Vert.x instance as in a server process.
        var registry = Metrics.registry();
        Vertx vertx = Metrics.vertx(
                new VertxOptions()
                        .setMaxEventLoopExecuteTime(200)
                        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                        .setWarningExceptionTime(200)
                        .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS),
                registry);
        int port = httpPorts.get(id);
        NodeOptions node = new NodeOptions(
                id, raftAddresses, tickMillis, 10, 1, 64, 3000, 100, unsafe, NodeOptions.DEFAULT_SNAPSHOT_THRESHOLD);
        HttpOptions http = new HttpOptions(
                        "127.0.0.1", port, "127.0.0.1:" + port, maxKeyBytes, maxValueBytes, 2000, 4000, 2000)
                .withApiToken(apiToken)
                .withTls(tls);
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
            vertx.deployVerticle(new ServerVerticle(node, http, parts, () -> {}, null, registry))
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
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + httpPorts.get(id);
    }

    public int port(String id) {
        return httpPorts.get(id);
    }

    /** A node other than {@code leader}. */
    public String followerOf(String leader) {
        return ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    }

    /** The leader every running node agrees on ({@link AgreedLeader#await}). */
    public String awaitLeader(Duration timeout) {
        return apiToken == null
                ? AgreedLeader.await(timeout, running::keySet, this::url)
                : AgreedLeader.await(timeout, running::keySet, this::url, "Authorization", apiToken.header());
    }

    @Override
    public void close() {
        for (String id : List.copyOf(running.keySet())) {
            stop(id);
        }
    }
}
