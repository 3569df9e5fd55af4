package io.raftkv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.FrameFuzz;
import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.HttpFuzz;
import io.raftkv.server.testing.RawExchange;
import io.raftkv.server.testing.TcpCluster;
import io.raftkv.server.transport.ClusterSecret;
import io.raftkv.server.transport.Frame;
import io.raftkv.server.transport.MessageCodec;
import io.raftkv.server.transport.PeerHandshake;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Generated bad input against a 3-node cluster over real sockets: a few thousand HTTP requests to
 * the client port and a few hundred frames to the peer port, from one seed (printed; {@code
 * -Dfuzz.seed=} runs the same inputs again, {@code -Dfuzz.requests=} and {@code -Dfuzz.frames=} set
 * the counts). Every HTTP answer is well-formed, never a 500, and JSON for every error; every node
 * stays up and the cluster still elects and commits; every write a node acknowledged reads back byte
 * for byte.
 */
@Timeout(value = 110, unit = TimeUnit.SECONDS)
class FuzzIT {
    private static final ClusterSecret SECRET =
            ClusterSecret.of("the fuzzed cluster's shared secret".getBytes(StandardCharsets.UTF_8));
    private static final ClusterSecret OTHER_SECRET =
            ClusterSecret.of("a secret of some other cluster".getBytes(StandardCharsets.UTF_8));
    private static final int WORKERS = 6;
    /** At most this many failures are described; all are counted. */
    private static final int MAX_REPORTED = 30;

    private final long seed = Long.getLong("fuzz.seed", System.nanoTime());
    private final int requestCount = Integer.getInteger("fuzz.requests", 3000);
    private final int frameCount = Integer.getInteger("fuzz.frames", 300);

    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failureCount = new AtomicInteger();
    private final Queue<HttpFuzz.Request> acknowledged = new ConcurrentLinkedQueue<>();
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder peerConnectionsClosed = new LongAdder();
    private final LongAdder pipelinedReads = new LongAdder();

    private TcpCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void generatedRequestsAndFramesGetWellFormedAnswersAndLoseNoAcknowledgedWrite() throws Exception {
        System.out.println("FuzzIT: seed " + seed + " (-Dfuzz.seed=" + seed + " to repeat)");
        cluster = new TcpCluster(3).secret(SECRET).start();
        cluster.awaitLeader(Duration.ofSeconds(20));
        List<String> ids = cluster.ids();
        Random pickNode = new Random(seed);

        long start = System.nanoTime();
        HttpFuzz httpFuzz = new HttpFuzz(seed);
        List<Runnable> requests = new ArrayList<>();
        for (int i = 0; i < requestCount; i++) {
            HttpFuzz.Request request = httpFuzz.next();
            String node = ids.get(pickNode.nextInt(ids.size()));
            requests.add(() -> send(node, request));
        }
        runAll(requests);
        long httpMillis = (System.nanoTime() - start) / 1_000_000;

        assertAProvenPeerIsHeard(ids);
        start = System.nanoTime();
        FrameFuzz frameFuzz = new FrameFuzz(seed, ids);
        List<Runnable> frames = new ArrayList<>();
        for (int i = 0; i < frameCount; i++) {
            FrameFuzz.Case c = frameFuzz.next(ids.get(pickNode.nextInt(ids.size())));
            frames.add(() -> sendFrames(c));
        }
        runAll(frames);
        long frameMillis = (System.nanoTime() - start) / 1_000_000;

        // Printed before the checks that may stop the test, so a failing run still shows them.
        System.out.printf(
                "FuzzIT: %d requests in %d ms; %d frames on %d peer connections in %d ms, %d of them refused and"
                        + " closed by the node%n",
                requestCount, httpMillis, framesSent.sum(), frameCount, frameMillis, peerConnectionsClosed.sum());
        StringBuilder table = new StringBuilder("FuzzIT: status -> count\n");
        new TreeMap<>(statuses).forEach((status, n) -> table.append(String.format("  %-14s %6d%n", status, n.sum())));
        System.out.print(table);

        assertClusterServes(ids);
        int readBack = assertAcknowledgedWritesReadBack(ids, pickNode);
        System.out.printf(
                "FuzzIT: %d acknowledged writes read back at the end, %d of them also by a read pipelined after"
                        + " the write%n",
                readBack, pipelinedReads.sum());
        assertEquals(
                0,
                failureCount.get(),
                "seed " + seed + ": " + failureCount.get() + " failures, first ones:\n" + String.join("\n", failures));
    }

    private void send(String node, HttpFuzz.Request request) {
        List<String> methods = request.readsBack() ? List.of(request.method(), "GET") : List.of(request.method());
        List<RawExchange.Outcome> outcomes = RawExchange.exchange(
                cluster.httpPort(node), request.bytes(), request.complete(), methods, 3000, 10_000);
        boolean acknowledged = check(node, request, outcomes.getFirst());
        if (acknowledged && request.trackedKey() != null) {
            this.acknowledged.add(request);
        }
        if (request.readsBack() && acknowledged) {
            // The read pipelined after an acknowledged write sees it.
            pipelinedReads.increment();
            RawExchange.Outcome read = outcomes.size() > 1 ? outcomes.get(1) : null;
            if (!(read instanceof RawExchange.Answer a) || a.status() != 200) {
                fail(node, request, "the read after the acknowledged write answered " + read);
            } else if (!Arrays.equals(request.trackedValue(), a.body())) {
                fail(node, request, "the read after the acknowledged write returned other bytes");
            }
        }
    }

    /** Checks one outcome and counts it; true if it is a 200. */
    private boolean check(String node, HttpFuzz.Request request, RawExchange.Outcome outcome) {
        switch (outcome) {
            case RawExchange.Closed c -> count(request.complete() ? "closed" : "closed (cut)");
            case RawExchange.Hung h ->
                fail(node, request, "no answer and the connection stays open; got: " + h.partial());
            case RawExchange.Malformed m -> fail(node, request, "malformed answer: " + m.why());
            case RawExchange.Answer a -> {
                if (a.status() == 500) {
                    fail(node, request, "500: " + a.text());
                }
                if (a.status() == 501 && request.otherVersion() && a.body().length == 0) {
                    // Vert.x answers a request line naming another version (HTTP/2.0) with a bare 501
                    // and closes, before any handler of the node runs.
                    count("501 version");
                    return false;
                }
                count(String.valueOf(a.status()));
                if (a.status() >= 400 && !request.method().equals("HEAD")) {
                    String type = a.header("content-type");
                    if (type == null || !type.startsWith("application/json")) {
                        fail(node, request, a.status() + " with content type " + type + ": " + clip(a.text()));
                    } else if (!isErrorJson(a.text())) {
                        fail(node, request, a.status() + " without a JSON error: " + clip(a.text()));
                    }
                }
                return a.status() == 200;
            }
        }
        return false;
    }

    private static boolean isErrorJson(String body) {
        try {
            return new JsonObject(body).getValue("error") instanceof String;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void sendFrames(FrameFuzz.Case c) {
        int port = cluster.raftPort(c.target());
        try (Socket socket = c.provenAs() == null
                ? new Socket("127.0.0.1", port)
                : PeerHandshake.open(port, c.provenAs(), c.target(), SECRET)) {
            socket.setSoTimeout(1000);
            try {
                socket.getOutputStream().write(c.bytes());
                socket.getOutputStream().flush();
            } catch (SocketException closedWhileWriting) {
                // refused before all bytes were written
            }
            framesSent.add(c.frames());
            if (c.mustClose()) {
                if (closedByNode(socket.getInputStream(), System.nanoTime() + 5_000_000_000L)) {
                    peerConnectionsClosed.increment();
                } else {
                    fail(c.target(), c, "the peer connection stayed open");
                }
            }
        } catch (IOException e) {
            fail(c.target(), c, "could not connect to the peer port: " + e);
        }
    }

    /**
     * The handshake the frame fuzz uses to send frames as a member works: a keepalive after it keeps
     * the connection open, where one without it (or with another secret) has it closed.
     */
    private void assertAProvenPeerIsHeard(List<String> ids) throws IOException {
        String target = ids.get(0);
        String member = ids.get(1);
        byte[] keepalive = MessageCodec.encode(new Frame.Keepalive()).getBytes();
        try (Socket proven = PeerHandshake.open(cluster.raftPort(target), member, target, SECRET);
                Socket other = PeerHandshake.open(cluster.raftPort(target), member, target, OTHER_SECRET)) {
            for (Socket s : List.of(proven, other)) {
                s.setSoTimeout(200);
                s.getOutputStream().write(keepalive);
                s.getOutputStream().flush();
            }
            long deadline = System.nanoTime() + 1_000_000_000L;
            assertTrue(closedByNode(other.getInputStream(), deadline), "a connection with another secret is closed");
            assertFalse(closedByNode(proven.getInputStream(), deadline), "a proven connection is kept");
        }
    }

    /**
     * Reads what the node says (its hello and proof, keepalives) until it closes; false if it is still
     * open at {@code deadline} (a {@link System#nanoTime()}).
     */
    private static boolean closedByNode(InputStream in, long deadline) throws IOException {
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException quiet) {
                // nothing yet: look again until the deadline
            } catch (SocketException reset) {
                return true;
            }
        }
        return false;
    }

    private void assertClusterServes(List<String> ids) {
        for (String id : ids) {
            var health = Http.get(cluster.url(id) + "/health");
            assertEquals(200, health.status(), id + " after the fuzz: " + health);
        }
        String previous = cluster.awaitLeader(Duration.ofSeconds(20));
        // The nodes still hold an election: leadership moves to another node on request.
        String target =
                ids.stream().filter(id -> !id.equals(previous)).findFirst().orElseThrow();
        var transfer = Http.send("POST", cluster.url(previous) + "/cluster/leader", "{\"id\":\"" + target + "\"}");
        assertEquals(200, transfer.status(), "leadership transfer to " + target + ": " + transfer);
        String leader = cluster.awaitLeader(Duration.ofSeconds(20));
        assertEquals(target, leader, "the leader after the transfer");
        for (String id : ids) {
            String key = "after-fuzz-" + id;
            var write = Http.send("PUT", cluster.url(id) + "/kv/" + key, "through " + id);
            assertEquals(200, write.status(), "a write through " + id + " (leader " + leader + "): " + write);
            var read = Http.get(cluster.url(leader) + "/kv/" + key);
            assertEquals("through " + id, read.body(), "read back on the leader " + leader);
        }
    }

    private int assertAcknowledgedWritesReadBack(List<String> ids, Random pickNode) {
        int n = 0;
        for (HttpFuzz.Request write : acknowledged) {
            String node = ids.get(pickNode.nextInt(ids.size()));
            byte[] get = ("GET " + write.readPath() + "?consistency=linearizable HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            var outcome = RawExchange.exchange(cluster.httpPort(node), get, true, "GET", 10_000);
            if (!(outcome instanceof RawExchange.Answer a) || a.status() != 200) {
                fail(node, write, "acknowledged write of " + write.trackedKey() + " reads back as " + outcome);
            } else if (!Arrays.equals(write.trackedValue(), a.body())) {
                fail(
                        node,
                        write,
                        "acknowledged write of " + write.trackedKey() + " reads back as other bytes: sent "
                                + write.trackedValue().length + ", read " + a.body().length);
            }
            n++;
        }
        assertTrue(n > 0 || requestCount < 100, "no write was acknowledged at all");
        return n;
    }

    private void runAll(List<Runnable> tasks) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            tasks.forEach(pool::execute);
        } finally {
            pool.shutdown();
        }
        assertTrue(pool.awaitTermination(90, TimeUnit.SECONDS), "the fuzz did not finish in 90 s");
    }

    private void count(String status) {
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    private void fail(String node, Object input, String what) {
        if (failureCount.incrementAndGet() <= MAX_REPORTED) {
            failures.add(node + " <- " + input + ": " + what);
        }
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
