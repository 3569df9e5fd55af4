package io.raftkv.tester.cli;

import io.raftkv.tester.bench.BenchRequests;
import io.raftkv.tester.bench.LoadClient;
import io.raftkv.tester.bench.NodeCpu;
import io.raftkv.tester.bench.PhaseReport;
import io.raftkv.tester.bench.ProcStat;
import io.raftkv.tester.bench.ServerPids;
import io.raftkv.tester.bench.Tally;
import io.raftkv.tester.bench.Wrk;
import io.raftkv.tester.client.Leaders;
import io.raftkv.tester.cluster.LocalCluster;
import io.raftkv.tester.cluster.ServerJar;
import io.raftkv.tester.disk.FuseSupport;
import io.raftkv.tester.system.EtcdSystem;
import io.raftkv.tester.system.RaftkvSystem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rig bench server}: a local cluster of child processes (or, with {@code --endpoints}, a
 * running raftkv or etcd cluster), then a write phase and a linearizable-read phase against the
 * leader, each bounded in time, driven by {@link LoadClient} closed-loop ({@code --concurrency}
 * clients) or open-loop ({@code --rate}) with the requests of {@link BenchRequests}. Prints
 * throughput (and entries/s for batches of puts), latency percentiles from an HdrHistogram
 * (microsecond precision), failures by reason, and the CPU seconds each node and the bench itself
 * used during the measured window.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        exitCodeOnInvalidInput = 3,
        description =
                "Write and linearizable-read throughput and latency of a local cluster, or of a running raftkv or etcd cluster.")
public final class BenchServerCommand implements Callable<Integer> {
    static final int MAX_DURATION = 600;
    static final int MAX_CONCURRENCY = 10_000;
    static final int MAX_RATE = 1_000_000;
    static final int MAX_BATCH = 100_000;
    static final int DEFAULT_KEYS = 1000;

    @Option(
            names = "--concurrency",
            defaultValue = "64",
            paramLabel = "C",
            description = "concurrent clients, each on its own keep-alive connection; with --rate, the connections"
                    + " (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--rate",
            defaultValue = "0",
            paramLabel = "R",
            description = "open loop: R requests per second whatever the answers, latencies measured from each"
                    + " request's intended start; 0 is a closed loop (default ${DEFAULT-VALUE})")
    int rate;

    @Option(
            names = "--threads",
            defaultValue = "2",
            paramLabel = "T",
            description = "the client's event loops (default ${DEFAULT-VALUE})")
    int threads;

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
            description = "seconds measured per phase, after the warm-up (default ${DEFAULT-VALUE})")
    int duration;

    @Option(
            names = "--warmup",
            defaultValue = "5",
            paramLabel = "S",
            description = "seconds of load before each phase's measured window, not counted (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--timeout",
            defaultValue = "10",
            paramLabel = "S",
            description = "seconds a request may take before it counts as a timeout (default ${DEFAULT-VALUE})")
    int timeout;

    @Option(
            names = "--phases",
            defaultValue = "writes,reads",
            split = ",",
            paramLabel = "P",
            description = "which phases, in order: writes, reads (default ${DEFAULT-VALUE})")
    List<String> phases;

    @Option(
            names = "--nodes",
            defaultValue = "3",
            paramLabel = "N",
            description = "cluster size (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(
            names = "--keys",
            paramLabel = "K",
            description = "distinct keys (default 1000, or --batch when that is more)")
    Integer keys;

    @Option(
            names = "--batch",
            defaultValue = "1",
            paramLabel = "N",
            description = "puts per write request: 1 is PUT /kv/{key}; more is one POST /kv of N distinct keys, one log"
                    + " entry; the write phase then also reports entries/s (default ${DEFAULT-VALUE})")
    int batch;

    @Option(
            names = "--system",
            defaultValue = "raftkv",
            paramLabel = "S",
            description = "raftkv, or etcd through its v3 JSON gateway (/v3/kv/put, /v3/kv/range; needs --endpoints)"
                    + " (default ${DEFAULT-VALUE})")
    String system;

    @Option(
            names = "--endpoints",
            split = ",",
            paramLabel = "URL",
            description = "load a cluster that already runs, at these client URLs (http://host:port, every member),"
                    + " instead of starting one; the leader is found and loaded; CPU is then the client's only")
    List<URI> endpoints;

    @Option(
            names = "--endpoint-pids",
            split = ",",
            paramLabel = "PID",
            description = "with --endpoints, the members' process ids on this machine, in the same order: their CPU"
                    + " time is reported too")
    List<Long> endpointPids;

    @Option(
            names = "--summary",
            paramLabel = "FILE",
            description = "also append one tab-separated line per phase to FILE (a header first when it is empty):"
                    + " system, phase, batch, value bytes, ops/s, entries/s, p50/p99/p999 ms, MB/s of values, errors,"
                    + " CPU seconds per 1,000 ok requests of the nodes together and of the client")
    Path summary;

    @Option(
            names = "--rounds",
            defaultValue = "1",
            paramLabel = "N",
            description = "run the phases N times on the same cluster and print the medians (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(
            names = "--wrk",
            description = "after each write phase, the same writes from wrk (same threads, connections, keys, value"
                    + " size and duration) on the same cluster, and the ratio of the two; needs wrk on the PATH")
    boolean wrk;

    @Option(
            names = "--disk-fs",
            description = "serve each local node's data directory through the disk-fault file system (FUSE), as"
                    + " runs with disk faults do, to measure what it costs")
    boolean diskFs;

    @Option(names = "--server-flags", paramLabel = "\"...\"", description = "extra flags for every server")
    String serverFlags = "";

    @Override
    public Integer call() throws Exception {
        String invalid = invalid();
        if (invalid != null) {
            System.err.println("rig bench server: " + invalid);
            return 3;
        }
        Path dir = Files.createTempDirectory("raftkv-bench");
        try {
            if (endpoints != null) {
                var members = new LinkedHashMap<String, URI>();
                for (int i = 0; i < endpoints.size(); i++) {
                    members.put("n" + (i + 1), endpoints.get(i));
                }
                String leader = awaitLeader(() -> leaderOf(members));
                var pids = new LinkedHashMap<String, Long>();
                for (int i = 0; endpointPids != null && i < endpointPids.size(); i++) {
                    pids.put("n" + (i + 1), endpointPids.get(i));
                }
                pids.put("client", ProcessHandle.current().pid());
                bench(
                        dir,
                        members.get(leader),
                        system + " at " + members.size() + " endpoints (leader " + leader + " " + members.get(leader)
                                + ")",
                        pids);
            } else {
                List<String> flags = serverFlags.isBlank()
                        ? List.of()
                        : List.of(serverFlags.trim().split("\\s+"));
                try (var cluster =
                        new LocalCluster(nodes, dir, ServerJar.find(), RaftkvSystem.BENCH_JVM_FLAGS, flags, diskFs)) {
                    cluster.start();
                    String leader = awaitLeader(() -> Leaders.agreed(Leaders.byId(cluster.nodes(), cluster.httpAll())));
                    var pids = new LinkedHashMap<String, Long>();
                    for (String node : cluster.nodes()) {
                        ServerPids.of(dir, node).ifPresent(pid -> pids.put(node, pid));
                    }
                    pids.put("client", ProcessHandle.current().pid());
                    bench(
                            dir,
                            cluster.http(leader),
                            nodes + " local nodes" + (diskFs ? " on the disk-fault file system" : "") + " (leader "
                                    + leader + ")",
                            pids);
                }
            }
        } finally {
            deleteTree(dir);
        }
        return 0;
    }

    /** The requests this run sends. */
    BenchRequests requests() {
        return new BenchRequests(
                BenchRequests.BenchSystem.valueOf(system.toUpperCase(Locale.ROOT)), keyCount(), valueSize, batch);
    }

    /** {@code --keys}, or its default: 1000, or the batch size when that is more. */
    int keyCount() {
        return keys != null ? keys : Math.max(DEFAULT_KEYS, batch);
    }

    private Optional<String> leaderOf(Map<String, URI> members) {
        return system.equals("etcd")
                ? new EtcdSystem(Path.of("etcd"), false).agreedLeader(members)
                : Leaders.agreed(members);
    }

    private void bench(Path dir, URI target, String cluster, Map<String, Long> pids) throws Exception {
        BenchRequests requests = requests();
        System.out.printf(
                "bench server: %s, %s, %s, %d-byte values, %d keys,%s %d s per phase%n",
                cluster,
                rate > 0
                        ? "open loop at " + rate + " requests/s over " + concurrency + " connections"
                        : "closed loop of " + concurrency + " clients",
                threads == 1 ? "1 event loop" : threads + " event loops",
                valueSize,
                requests.keys(),
                batch > 1 ? " writes of " + batch + " puts (POST /kv)," : "",
                duration);
        String value = requests.value();
        var shape = new LoadClient.Shape(concurrency, rate, Duration.ofSeconds(warmup), Duration.ofSeconds(duration));
        var figures = new LinkedHashMap<String, List<Double>>();
        var ratios = new ArrayList<Double>();
        try (var load = new LoadClient(target, concurrency, threads, Duration.ofSeconds(timeout))) {
            for (int round = 1; round <= rounds; round++) {
                if (rounds > 1) {
                    System.out.println("round " + round + " of " + rounds);
                }
                for (String p : phases) {
                    // wrk goes first in even rounds, so neither side always meets the warmer server.
                    boolean wrkFirst = wrk && p.equals("writes") && round % 2 == 0;
                    Wrk.Result w = wrkFirst ? wrkWrites(dir, target, value, pids) : null;
                    PhaseReport report = p.equals("writes")
                            ? phase("writes", load, shape, pids, requests.writes(), batch)
                            : phase("linearizable reads", load, shape, pids, requests.reads(), 1);
                    report.lines().forEach(System.out::println);
                    if (summary != null) {
                        appendSummary(summary, p, report);
                    }
                    figures.computeIfAbsent(report.name(), n -> new ArrayList<>())
                            .add(report.throughput());
                    if (wrk && p.equals("writes")) {
                        if (w == null) {
                            w = wrkWrites(dir, target, value, pids);
                        }
                        figures.computeIfAbsent("wrk writes", n -> new ArrayList<>())
                                .add(w.okPerSecond());
                        var ratio = Wrk.ratio(report.throughput(), w);
                        ratio.ifPresent(r -> System.out.printf(Locale.ROOT, "  bench/wrk writes: %.2f%n", r));
                        ratio.ifPresent(r -> ratios.add(r));
                    }
                }
            }
        }
        if (rounds > 1) {
            figures.forEach((name, values) -> System.out.printf(
                    Locale.ROOT, "median of %d: %-20s %9.0f ops/s%n", values.size(), name, median(values)));
            if (figures.containsKey("wrk writes")) {
                System.out.printf(
                        Locale.ROOT,
                        "median bench/wrk writes: %.2f%n",
                        median(figures.get("writes")) / median(figures.get("wrk writes")));
            }
            if (!ratios.isEmpty()) {
                // Paired round by round, so a change in the machine's load between rounds cancels out.
                System.out.printf(Locale.ROOT, "median of the rounds' bench/wrk ratios: %.2f%n", median(ratios));
            }
        }
    }

    static final String SUMMARY_HEADER = "system\tphase\tbatch\tvalue_bytes\tops_per_s\tentries_per_s\tp50_ms"
            + "\tp99_ms\tp999_ms\tmb_per_s\terrors\tnodes_cpu_s_per_1000\tclient_cpu_s_per_1000";

    /**
     * One phase as a line of the summary file (see {@code --summary}); the last two fields are the
     * CPU seconds per 1,000 successful requests of all the nodes together and of the client, "n/a"
     * when unknown.
     */
    String summaryLine(String phase, PhaseReport report) {
        return String.format(
                Locale.ROOT,
                "%s\t%s\t%d\t%d\t%.1f\t%.1f\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%s\t%s",
                system,
                phase,
                report.entriesPerRequest(),
                valueSize,
                report.throughput(),
                report.entriesPerSecond(),
                report.millisAt(50),
                report.millisAt(99),
                report.millisAt(99.9),
                report.entriesPerSecond() * valueSize / 1e6,
                report.errorCount(),
                perThousand(report, c -> !c.name().equals("client")),
                perThousand(report, c -> c.name().equals("client")));
    }

    /** The summed CPU seconds per 1,000 ok requests of the processes that match, or "n/a". */
    private static String perThousand(PhaseReport report, java.util.function.Predicate<NodeCpu> which) {
        var matching = report.cpu().stream().filter(which).toList();
        double seconds = matching.stream().mapToDouble(NodeCpu::seconds).sum();
        double per = PhaseReport.perThousand(new NodeCpu("sum", seconds), report.ok());
        return matching.isEmpty() || Double.isNaN(per) ? "n/a" : String.format(Locale.ROOT, "%.4f", per);
    }

    private void appendSummary(Path file, String phase, PhaseReport report) throws IOException {
        boolean empty = !Files.exists(file) || Files.size(file) == 0;
        String text = (empty ? SUMMARY_HEADER + "\n" : "") + summaryLine(phase, report) + "\n";
        Files.writeString(file, text, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** What is wrong with the options, or null. */
    String invalid() {
        if (concurrency < 1
                || valueSize < 1
                || duration < 1
                || nodes < 1
                || (keys != null && keys < 1)
                || threads < 1
                || timeout < 1) {
            return "--concurrency, --value-size, --duration, --nodes, --keys, --threads and --timeout must be positive";
        }
        if (batch < 1 || batch > MAX_BATCH) {
            return "--batch takes 1 to " + MAX_BATCH + " puts per request";
        }
        if (batch > keyCount()) {
            return "--batch " + batch + " puts " + batch + " distinct keys per request: give --keys at least " + batch;
        }
        if (!system.equals("raftkv") && !system.equals("etcd")) {
            return "--system takes raftkv or etcd, not '" + system + "'";
        }
        if (diskFs && endpoints != null) {
            return "--disk-fs serves the disks of the nodes the bench starts: leave out --endpoints";
        }
        if (diskFs) {
            var missing = FuseSupport.missing();
            if (missing.isPresent()) {
                return "--disk-fs: " + missing.get();
            }
        }
        if (system.equals("etcd") && endpoints == null) {
            return "--system etcd loads a running etcd cluster: give its client URLs with --endpoints"
                    + " (bench/vs-etcd.sh starts one)";
        }
        if (system.equals("etcd") && batch > 1) {
            return "--batch is raftkv's POST /kv: leave it out with --system etcd";
        }
        if (system.equals("etcd") && wrk) {
            return "--wrk sends raftkv's PUT /kv/{key}: leave it out with --system etcd";
        }
        if (wrk && batch > 1) {
            return "--wrk sends single puts: leave out --batch";
        }
        if (endpoints != null) {
            for (URI e : endpoints) {
                if (!"http".equals(e.getScheme()) || e.getHost() == null || e.getPort() < 0) {
                    return "--endpoints takes http://host:port URLs, not '" + e + "'";
                }
            }
            if (!serverFlags.isBlank()) {
                return "--server-flags go to nodes the bench starts; with --endpoints it starts none";
            }
        }
        if (endpointPids != null) {
            if (endpoints == null || endpointPids.size() != endpoints.size()) {
                return "--endpoint-pids takes one process id per --endpoints URL, in the same order";
            }
            for (long pid : endpointPids) {
                if (ProcessHandle.of(pid).isEmpty()) {
                    return "--endpoint-pids: no process " + pid + " runs here";
                }
            }
        }
        if (warmup < 0 || warmup > MAX_DURATION) {
            return "--warmup takes 0 to " + MAX_DURATION + " seconds";
        }
        if (rate < 0) {
            return "--rate must be 0 (closed loop) or positive";
        }
        if (duration > MAX_DURATION || concurrency > MAX_CONCURRENCY || rate > MAX_RATE) {
            return "at most --duration " + MAX_DURATION + ", --concurrency " + MAX_CONCURRENCY + " and --rate "
                    + MAX_RATE;
        }
        if (rounds < 1 || rounds > 20) {
            return "--rounds takes 1 to 20";
        }
        if (wrk && rate > 0) {
            return "--wrk compares a closed loop (wrk has no --rate): leave out --rate";
        }
        if (wrk && !phases.contains("writes")) {
            return "--wrk compares writes: --phases must hold writes";
        }
        if (wrk && !onPath("wrk")) {
            return "--wrk needs wrk on the PATH (Debian: apt-get install wrk)";
        }
        for (String p : phases) {
            if (!p.equals("writes") && !p.equals("reads")) {
                return "--phases takes writes and reads, not '" + p + "'";
            }
        }
        return null;
    }

    private PhaseReport phase(
            String name,
            LoadClient load,
            LoadClient.Shape shape,
            Map<String, Long> pids,
            LongFunction<LoadClient.Request> requests,
            int entriesPerRequest)
            throws InterruptedException {
        var before = new LinkedHashMap<String, Double>();
        Tally tally = load.run(requests, shape, () -> pids.forEach((n, pid) -> before.put(n, cpu(pid))));
        var used = new ArrayList<NodeCpu>();
        pids.forEach((n, pid) -> used.add(new NodeCpu(n, cpu(pid) - before.get(n))));
        var micros = tally.histogram();
        return new PhaseReport(name, micros.getTotalCount(), tally.errors(), duration, micros, used, entriesPerRequest);
    }

    /** The same writes from wrk, with the nodes' CPU time around them. */
    private Wrk.Result wrkWrites(Path dir, URI target, String value, Map<String, Long> pids)
            throws IOException, InterruptedException {
        Path script = dir.resolve("wrk-writes.lua");
        Files.writeString(script, Wrk.putScript("b", keyCount(), value));
        var before = new LinkedHashMap<String, Double>();
        pids.forEach((n, pid) -> before.put(n, cpu(pid)));
        Process p = new ProcessBuilder(
                        Wrk.command(script.toString(), threads, concurrency, duration, target.toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        Wrk.Result result = Wrk.parse(output);
        System.out.println(result.line("wrk writes"));
        var cpuLine = new StringBuilder("  cpu s (per 1000 ok):");
        String[] sep = {" "};
        pids.forEach((n, pid) -> {
            if (!n.equals("client")) {
                double used = cpu(pid) - before.get(n);
                long ok = result.requests() - result.non2xx();
                cpuLine.append(sep[0])
                        .append(String.format(
                                Locale.ROOT,
                                "%s %.2f (%.3f)",
                                n,
                                used,
                                PhaseReport.perThousand(new NodeCpu(n, used), ok)));
                sep[0] = "  ";
            }
        });
        System.out.println(cpuLine);
        return result;
    }

    static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    private static double cpu(long pid) {
        return ProcStat.cpuSeconds(pid).orElse(Double.NaN);
    }

    private static String awaitLeader(java.util.function.Supplier<Optional<String>> agreed)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            var leader = agreed.get();
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
