package io.raftkv.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.InProcessCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With --http-tls-cert and --http-tls-key, nodes serve HTTPS only and forward to the leader over it. */
class TlsTest {
    @TempDir
    static Path dir;

    private static InProcessCluster cluster;
    private static HttpClient client;
    private static String leader;

    @BeforeAll
    static void start() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        // One self-signed certificate for every node, valid for the loopback address they advertise.
        Process openssl = new ProcessBuilder(List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=raftkv-test",
                        "-addext",
                        "subjectAltName=IP:127.0.0.1,DNS:localhost",
                        "-keyout",
                        key.toString(),
                        "-out",
                        cert.toString()))
                .redirectErrorStream(true)
                .start();
        String out = new String(openssl.getInputStream().readAllBytes());
        assertEquals(0, openssl.waitFor(), "openssl makes the test certificate: " + out);
        cluster = new InProcessCluster(3, 1024, 1 << 20)
                .tls(new Tls(cert, key, cert))
                .start();
        client = HttpClient.newBuilder()
                .sslContext(trusting(cert))
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        leader = Http.await(
                "a leader over HTTPS",
                Duration.ofSeconds(10),
                () -> status("n1").getString("leader"),
                l -> l != null && "leader".equals(status(l).getString("role")));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry(
                    "raftkv", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    private static HttpResponse<String> send(String method, String url, String body) {
        try {
            return client.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .method(
                                    method,
                                    body == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(body))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject status(String node) {
        return new JsonObject(send("GET", cluster.url(node) + "/status", null).body());
    }

    @Test
    void aWriteThroughAFollowerIsForwardedToTheLeaderOverHttps() {
        String f = cluster.followerOf(leader);
        assertTrue(cluster.url(f).startsWith("https://"), cluster.url(f));
        var put = send("PUT", cluster.url(f) + "/kv/k", "over tls");
        assertEquals(200, put.statusCode(), put.body());
        assertEquals(leader, put.headers().firstValue("X-Raftkv-Served-By").orElse(null));
        assertEquals(
                "over tls", send("GET", cluster.url(leader) + "/kv/k", null).body());
    }

    @Test
    void aRedirectNamesTheLeadersHttpsAddress() {
        var reply = send("PUT", cluster.url(cluster.followerOf(leader)) + "/kv/r?redirect=true", "v");
        assertEquals(307, reply.statusCode(), reply.body());
        assertEquals(
                cluster.url(leader) + "/kv/r?redirect=true",
                reply.headers().firstValue("Location").orElse(null));
    }

    @Test
    void plainHttpIsNotServed() {
        String plain = cluster.url(leader).replace("https://", "http://");
        assertThrows(java.io.UncheckedIOException.class, () -> Http.get(plain + "/health"));
    }
}
