package io.raftkv.tester.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** Waits for nodes to answer {@code GET /health}, polling with a deadline. */
public final class Health {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private Health() {}

    public static boolean ok(URI base) {
        try {
            var request = HttpRequest.newBuilder(base.resolve("/health"))
                    .timeout(Duration.ofSeconds(1))
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Polls until every node answers, or throws naming the ones that did not.
     *
     * @param alive called between polls: returns why the nodes cannot come up (a process died), or
     *     null to keep waiting; it may launch a node again
     */
    public static void await(
            List<String> nodes,
            java.util.function.Function<String, URI> http,
            Duration deadline,
            Supplier<String> alive) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            var down = nodes.stream().filter(n -> !ok(http.apply(n))).toList();
            if (down.isEmpty()) {
                return;
            }
            String dead = alive.get();
            if (dead != null) {
                throw new IllegalStateException(dead);
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException(
                        "nodes " + down + " did not answer /health within " + deadline.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + down);
            }
        }
    }
}
