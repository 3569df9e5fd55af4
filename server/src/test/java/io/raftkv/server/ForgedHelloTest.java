package io.raftkv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.LogCapture;
import io.raftkv.server.testing.TcpCluster;
import io.raftkv.server.transport.ClusterSecret;
import io.raftkv.server.transport.Frame;
import io.raftkv.server.transport.MessageCodec;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A process on the network that speaks the peer protocol but is no member: whatever it announces on
 * a node's peer port, client requests still reach the real leader.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ForgedHelloTest {
    private static final ClusterSecret SECRET =
            ClusterSecret.of("a secret every member shares".getBytes(StandardCharsets.UTF_8));
    private static final ClusterSecret OTHER_SECRET =
            ClusterSecret.of("a secret of another cluster".getBytes(StandardCharsets.UTF_8));

    /** The transport's logger of refused connections. */
    private static final String CONNECTIONS_LOG = "io.raftkv.server.transport.Connections";

    private TcpCluster cluster;
    private HttpServer fake;
    private final AtomicInteger fakeRequests = new AtomicInteger();

    @BeforeEach
    void startFakeLeader() throws IOException {
        // Answers every request 200, as a leader would after a write, without storing anything.
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/", exchange -> {
            fakeRequests.incrementAndGet();
            byte[] body = "fake".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fake.start();
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        fake.stop(0);
    }

    @Test
    void aHelloAnnouncingAnotherHttpAddressForTheLeaderDoesNotMoveForwarding() throws Exception {
        cluster = new TcpCluster(3).start();
        String leader = cluster.awaitLeader(Duration.ofSeconds(20));
        String follower = followerOf(leader);
        awaitForwarding(follower);
        try (Socket raw = new Socket("127.0.0.1", cluster.raftPort(follower))) {
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write(legacyHello(leader, fakeAddress()));
            raw.getOutputStream().flush();
            // The node has handled the frame once it answers (its own hello) or hangs up.
            awaitAnswerOrClose(raw.getInputStream());
            assertWritesReachTheLeader(leader, follower);
        }
    }

    @Test
    void withASecretNodesFormAClusterAndAForgedHelloIsRefusedLoggedAndChangesNothing() throws Exception {
        cluster = new TcpCluster(3).secret(SECRET).start();
        String leader = cluster.awaitLeader(Duration.ofSeconds(20));
        String follower = followerOf(leader);
        awaitForwarding(follower);
        try (LogCapture log = new LogCapture(CONNECTIONS_LOG);
                Socket raw = new Socket("127.0.0.1", cluster.raftPort(follower))) {
            raw.setSoTimeout(10_000);
            // A well-formed hello as the leader, then a proof made without the secret.
            raw.getOutputStream().write(frame(MessageCodec.encode(new Frame.Hello(leader, nonce()))));
            raw.getOutputStream().write(frame(MessageCodec.encode(new Frame.Proof(nonce()))));
            raw.getOutputStream().flush();
            assertEquals(-1, readUntilClosed(raw.getInputStream()), "the node hangs up");
            String line = log.await("the refusal", 10_000, l -> l.contains("claims to be " + leader));
            assertTrue(line.startsWith("WARN") && line.contains("wrong cluster-secret proof"), line);
            assertTrue(line.contains(String.valueOf(raw.getLocalPort())), "names the remote address: " + line);
            assertWritesReachTheLeader(leader, follower);
        }
        assertEquals(leader, cluster.awaitLeader(Duration.ofSeconds(20)), "leadership did not move");
    }

    @Test
    void aNodeWithAnotherSecretIsRefused() throws Exception {
        try (LogCapture log = new LogCapture(CONNECTIONS_LOG)) {
            cluster = new TcpCluster(3).secret(SECRET).secret("n3", OTHER_SECRET);
            cluster.start("n1");
            cluster.start("n2");
            String leader = Http.await(
                    "a leader of n1 and n2",
                    Duration.ofSeconds(20),
                    () -> Http.get(cluster.url("n1") + "/status").json().getString("leader"),
                    l -> l != null && !l.equals("n3"));
            Http.await(
                    "a write through the leader",
                    Duration.ofSeconds(20),
                    () -> Http.send("PUT", cluster.url(leader) + "/kv/k", "v").status(),
                    status -> status == 200);
            cluster.start("n3");
            log.await(
                    "n3 refused",
                    10_000,
                    l -> l.startsWith("WARN")
                            && l.contains("claims to be n3")
                            && l.contains("wrong cluster-secret proof"));
            log.await(
                    "n3 refusing",
                    10_000,
                    l -> l.startsWith("WARN")
                            && l.contains("claims to be " + leader)
                            && l.contains("wrong cluster-secret proof"));
            var n3 = Http.get(cluster.url("n3") + "/status").json();
            assertEquals(null, n3.getString("leader"), n3.encode());
            assertEquals(1L, n3.getLong("lastLogIndex"), "only its own first entry, the members: " + n3.encode());
            assertEquals(leader, Http.get(cluster.url("n1") + "/status").json().getString("leader"));
        }
    }

    private String followerOf(String leader) {
        return cluster.ids().stream()
                .filter(id -> !id.equals(leader))
                .findFirst()
                .orElseThrow();
    }

    private String fakeAddress() {
        return "127.0.0.1:" + fake.getAddress().getPort();
    }

    /** The follower forwards to the leader before anything is forged. */
    private void awaitForwarding(String follower) {
        Http.await(
                "a write forwarded by " + follower,
                Duration.ofSeconds(20),
                () -> Http.send("PUT", cluster.url(follower) + "/kv/before", "1")
                        .status(),
                status -> status == 200);
    }

    private void assertWritesReachTheLeader(String leader, String follower) {
        var write = Http.send("PUT", cluster.url(follower) + "/kv/forged", "real");
        assertEquals(200, write.status(), write.toString());
        var read = Http.get(cluster.url(follower) + "/kv/forged");
        assertEquals(200, read.status(), read.toString());
        assertEquals("real", read.body());
        assertEquals(0, fakeRequests.get(), "requests that reached the forged address");
        var onLeader = Http.get(cluster.url(leader) + "/kv/forged");
        assertEquals("real", onLeader.body(), "the write is on the leader");
    }

    private static byte[] nonce() {
        byte[] n = new byte[32];
        new java.security.SecureRandom().nextBytes(n);
        return n;
    }

    private static byte[] frame(io.vertx.core.buffer.Buffer b) {
        return b.getBytes();
    }

    /** Reads and drops what the node sends until it closes the connection; -1 then. */
    private static int readUntilClosed(InputStream in) throws IOException {
        try {
            while (in.read() != -1) {
                // the node's hello and proof
            }
        } catch (java.net.SocketException reset) {
            // closed by the node with unread data: a reset
        }
        return -1;
    }

    /** A Hello frame as a node without a cluster secret sends it: id, then an HTTP address. */
    static byte[] legacyHello(String id, String httpAddress) throws IOException {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] httpBytes = httpAddress.getBytes(StandardCharsets.UTF_8);
        var bytes = new java.io.ByteArrayOutputStream();
        var out = new DataOutputStream(bytes);
        out.writeInt(1 + 4 + idBytes.length + 4 + httpBytes.length);
        out.writeByte(0);
        out.writeInt(idBytes.length);
        out.write(idBytes);
        out.writeInt(httpBytes.length);
        out.write(httpBytes);
        return bytes.toByteArray();
    }

    private static void awaitAnswerOrClose(InputStream in) throws IOException {
        try {
            in.read();
        } catch (java.net.SocketException closed) {
            // reset by the node: handled too
        }
    }
}
