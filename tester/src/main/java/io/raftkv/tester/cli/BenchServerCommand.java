package io.raftkv.tester.cli;

import io.raftkv.tester.client.KvClient;
import io.raftkv.tester.client.Leaders;
import io.raftkv.tester.client.Outcome;
import io.raftkv.tester.cluster.LocalCluster;
import io.raftkv.tester.cluster.ServerJar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rig bench server}: a local cluster of child processes, then a write phase and a
 * linearizable-read phase, each with a fixed number of concurrent clients for a bounded time.
 * Prints throughput and latency percentiles from an HdrHistogram (microsecond precision).
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        exitCodeOnInvalidInput = 3,
        description = "Write and linearizable-read throughput and latency of a local cluster.")
public final class BenchServerCommand implements Callable<Integer> {

    @Option(
            names = "--concurrency",
            defaultValue = "64",
            paramLabel = "C",
            description = "concurrent clients (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--value-size",
            defaultValue = "100",
            paramLabel = "BYTES",
            description = "value size (default ${DEFAULT-VALUE})")
    int valueSize;

    @Option(
            names = "--duration",
            defaultValue = "10",
            paramLabel = "S",
            description = "seconds per phase, after 1 s of warm-up (default ${DEFAULT-VALUE})")
    int duration;

    @Option(
            names = "--nodes",
            defaultValue = "3",
            paramLabel = "N",
            description = "cluster size (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(
            names = "--keys",
            defaultValue = "1000",
            paramLabel = "K",
            description = "distinct keys (default ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--server-flags", paramLabel = "\"...\"", description = "extra flags for every server")
    String serverFlags = "";

    /** One phase's figures. */
    record Figures(String name, long ops, long errors, double seconds, Histogram micros) {
        String line() {
            return String.format(
                    "%-22s %8.0f ops/s  (%d ops, %d errors in %.1f s)  latency ms: p50 %.2f  p99 %.2f  p999 %.2f  max %.2f",
                    name,
                    ops / seconds,
                    ops,
                    errors,
                    seconds,
                    micros.getValueAtPercentile(50) / 1000.0,
                    micros.getValueAtPercentile(99) / 1000.0,
                    micros.getValueAtPercentile(99.9) / 1000.0,
                    micros.getMaxValue() / 1000.0);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1 || valueSize < 1 || duration < 1 || nodes < 1 || keys < 1) {
            System.err.println(
                    "rig bench server: --concurrency, --value-size, --duration, --nodes and --keys must be positive");
            return 3;
        }
        Path dir = Files.createTempDirectory("raftkv-bench");
        List<String> flags =
                serverFlags.isBlank() ? List.of() : List.of(serverFlags.trim().split("\\s+"));
        try (var cluster = new LocalCluster(nodes, dir, ServerJar.find(), flags)) {
            cluster.start();
            String leader = awaitLeader(cluster);
            URI target = cluster.http(leader);
            System.out.printf(
                    "bench server: %d local nodes (leader %s), %d clients, %d-byte values, %d keys, %d s per phase%n",
                    nodes, leader, concurrency, valueSize, keys, duration);
            HttpClient http = KvClient.newHttpClient(Duration.ofSeconds(2));
            String value = "v".repeat(valueSize);
            Figures writes = phase("writes", http, target, (c, i) -> c.write(key(i), value));
            System.out.println(writes.line());
            Figures reads = phase("linearizable reads", http, target, (c, i) -> c.read(key(i)));
            System.out.println(reads.line());
        } finally {
            deleteTree(dir);
        }
        return 0;
    }

    private String key(long i) {
        return "b" + (i % keys);
    }

    private Figures phase(String name, HttpClient http, URI target, BiFunction<KvClient, Long, Outcome> op)
            throws InterruptedException {
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        long end = warmEnd + duration * 1_000_000_000L;
        var histograms = new ArrayList<Histogram>();
        var errors = new AtomicLong();
        var ops = new AtomicLong();
        var threads = new ArrayList<Thread>();
        for (int w = 0; w < concurrency; w++) {
            var histogram = new Histogram(60_000_000L, 3);
            histograms.add(histogram);
            int worker = w;
            threads.add(Thread.ofPlatform().start(() -> {
                var client = new KvClient(http, () -> List.of(target), 0, "bench-" + worker, Duration.ofSeconds(10), 1);
                for (long i = worker; ; i += concurrency) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        return;
                    }
                    Outcome o = op.apply(client, i);
                    long t1 = System.nanoTime();
                    if (t0 >= warmEnd) {
                        if (o instanceof Outcome.Ok) {
                            histogram.recordValue(Math.min((t1 - t0) / 1000, 60_000_000L));
                            ops.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                }
            }));
        }
        for (var t : threads) {
            t.join();
        }
        var all = new Histogram(60_000_000L, 3);
        histograms.forEach(all::add);
        return new Figures(name, ops.get(), errors.get(), duration, all);
    }

    private static String awaitLeader(LocalCluster cluster) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            var leader = Leaders.agreed(Leaders.byId(cluster.nodes(), cluster.httpAll()));
            if (leader.isPresent()) {
                return leader.get();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no leader within 30 s");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
