package io.raftkv.server.http;

import static io.raftkv.server.testing.Http.get;
import static io.raftkv.server.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.InProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With --http-token-file every client request must carry the token, through any node. */
class BearerTokenTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String BEARER = "Bearer " + TOKEN;
    private static InProcessCluster cluster;
    private static String leader;

    @BeforeAll
    static void start() {
        cluster = new InProcessCluster(3, 1024, 1 << 20)
                .apiToken(ApiToken.of(TOKEN))
                .start();
        leader = cluster.awaitLeader(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aRequestWithoutTheTokenIs401AndChangesNothing() {
        var put = send("PUT", cluster.url(leader) + "/kv/k", "v");
        assertEquals(401, put.status(), put.body());
        assertTrue(put.json().getString("error").contains("needs a bearer token"), put.body());
        assertEquals("Bearer", put.header("WWW-Authenticate"));
        var wrong = send("PUT", cluster.url(leader) + "/kv/k", "v", "Authorization", "Bearer " + "x".repeat(32));
        assertEquals(401, wrong.status(), wrong.body());
        assertEquals("wrong bearer token", wrong.json().getString("error"));
        assertEquals(401, get(cluster.url(leader) + "/status").status(), "status asks for it too");
        assertEquals(
                404,
                send("GET", cluster.url(leader) + "/kv/k", null, "Authorization", BEARER)
                        .status());
    }

    @Test
    void healthIsOpenForProbes() {
        assertEquals(
                200, get(cluster.url(cluster.followerOf(leader)) + "/health").status());
    }

    @Test
    void theTokenTravelsWithAForwardedRequest() {
        var put = send("PUT", cluster.url(cluster.followerOf(leader)) + "/kv/fwd", "through", "Authorization", BEARER);
        assertEquals(200, put.status(), put.body());
        assertEquals(leader, put.header("X-Raftkv-Served-By"));
        var read = send("GET", cluster.url(leader) + "/kv/fwd", null, "Authorization", BEARER);
        assertEquals("through", read.body());
    }

    @Test
    void aTokenFileThatIsTooShortOrUnreadableIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path shortFile = Files.writeString(dir.resolve("short"), "abc\n");
        var e = assertThrows(IllegalArgumentException.class, () -> ApiToken.read(shortFile));
        assertTrue(e.getMessage().startsWith(shortFile + ": the token has 3 bytes"), e.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> ApiToken.read(dir.resolve("none")));
        assertTrue(missing.getMessage().contains("cannot be read"), missing.getMessage());
        Path spaced = Files.writeString(dir.resolve("spaced"), "0123456789 abcdef0123456789\n");
        assertThrows(IllegalArgumentException.class, () -> ApiToken.read(spaced));
        Path good = Files.writeString(dir.resolve("good"), "  " + TOKEN + "\n");
        assertEquals(BEARER, ApiToken.read(good).header());
    }
}
