package io.raftkv.tester.run;

import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.report.NodeLatency;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * Scrapes every node's {@code GET /metrics} once a second while a run goes on, and keeps each
 * node's mean fsync and commit latency per interval (from the deltas of the {@code
 * raftkv_fsync_seconds} and {@code raftkv_commit_seconds} histograms) for the report; {@link
 * #stop(Path)} scrapes once more and saves each node's last scrape as {@code nodes/<id>.metrics}.
 * A node that does not answer (killed, paused, cut off) is skipped for that interval; a node whose
 * counters went back (restarted) starts a new baseline.
 */
final class MetricsWatch {
    private static final Duration PERIOD = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofMillis(800);
    static final List<String> METRICS = List.of("fsync", "commit");

    private final Cluster cluster;
    private final LongSupplier elapsedNanos;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Map<String, String> lastScrape = new HashMap<>();
    private final Map<String, double[]> baseline = new HashMap<>(); // node/metric -> {sum, count}
    private final Map<String, List<long[]>> times = new LinkedHashMap<>();
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private Thread thread;

    /** @param elapsedNanos the run's clock: nanoseconds since the test started */
    MetricsWatch(Cluster cluster, LongSupplier elapsedNanos) {
        this.cluster = cluster;
        this.elapsedNanos = elapsedNanos;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("metrics").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(PERIOD.toMillis());
                    scrapeAll();
                }
            } catch (InterruptedException e) {
                // stopped
            }
        });
    }

    /** Stops scraping, scrapes once more, and writes {@code <id>.metrics} into {@code nodesDir}. */
    void stop(Path nodesDir) {
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        scrapeAll();
        try {
            Files.createDirectories(nodesDir);
            synchronized (this) {
                for (var e : lastScrape.entrySet()) {
                    Files.writeString(nodesDir.resolve(e.getKey() + ".metrics"), e.getValue(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the nodes' metrics in " + nodesDir, e);
        }
    }

    /** Each node's latencies, for the report. */
    synchronized List<NodeLatency> latencies() {
        var out = new ArrayList<NodeLatency>();
        for (var e : times.entrySet()) {
            String[] nodeMetric = e.getKey().split("/", 2);
            List<Double> v = values.get(e.getKey());
            out.add(new NodeLatency(
                    nodeMetric[0],
                    nodeMetric[1],
                    e.getValue().stream().mapToLong(t -> t[0]).toArray(),
                    v.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return out;
    }

    private void scrapeAll() {
        for (String node : cluster.nodes()) {
            try {
                var request = HttpRequest.newBuilder(cluster.http(node).resolve("/metrics"))
                        .timeout(TIMEOUT)
                        .build();
                var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    record(node, response.body(), elapsedNanos.getAsLong());
                }
            } catch (IOException | RuntimeException e) {
                // down, paused or cut off for now: no point this interval
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    synchronized void record(String node, String text, long at) {
        lastScrape.put(node, text);
        for (String metric : METRICS) {
            OptionalDouble sum = sample(text, "raftkv_" + metric + "_seconds_sum");
            OptionalDouble count = sample(text, "raftkv_" + metric + "_seconds_count");
            if (sum.isEmpty() || count.isEmpty()) {
                continue;
            }
            String key = node + "/" + metric;
            double[] before = baseline.put(key, new double[] {sum.getAsDouble(), count.getAsDouble()});
            if (before == null || count.getAsDouble() < before[1]) {
                continue; // the first scrape, or a restarted node: a new baseline
            }
            double n = count.getAsDouble() - before[1];
            double mean = n == 0 ? 0 : (sum.getAsDouble() - before[0]) / n * 1000;
            times.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {at});
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(mean);
        }
    }

    /** The value of an unlabelled sample {@code name} in Prometheus text, if present. */
    static OptionalDouble sample(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                try {
                    return OptionalDouble.of(
                            Double.parseDouble(line.substring(name.length() + 1).trim()));
                } catch (NumberFormatException e) {
                    return OptionalDouble.empty();
                }
            }
        }
        return OptionalDouble.empty();
    }
}
