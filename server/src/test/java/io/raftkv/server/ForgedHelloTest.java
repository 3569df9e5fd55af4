package io.raftkv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.TcpCluster;
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
        String follower = cluster.ids().stream()
                .filter(id -> !id.equals(leader))
                .findFirst()
                .orElseThrow();
        // The follower forwards to the leader before anything is forged.
        Http.await(
                "a write forwarded by " + follower,
                Duration.ofSeconds(20),
                () -> Http.send("PUT", cluster.url(follower) + "/kv/before", "1")
                        .status(),
                status -> status == 200);

        String fakeAddress = "127.0.0.1:" + fake.getAddress().getPort();
        try (Socket raw = new Socket("127.0.0.1", cluster.raftPort(follower))) {
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write(legacyHello(leader, fakeAddress));
            raw.getOutputStream().flush();
            // The node has handled the frame once it answers (its own hello) or hangs up.
            awaitAnswerOrClose(raw.getInputStream());

            var write = Http.send("PUT", cluster.url(follower) + "/kv/forged", "real");
            assertEquals(200, write.status(), write.toString());
            var read = Http.get(cluster.url(follower) + "/kv/forged");
            assertEquals(200, read.status(), read.toString());
            assertEquals("real", read.body());
        }
        assertEquals(0, fakeRequests.get(), "requests that reached the forged address");
        var onLeader = Http.get(cluster.url(leader) + "/kv/forged");
        assertEquals("real", onLeader.body(), "the write is on the leader");
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
