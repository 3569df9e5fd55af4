package io.raftkv.tester.cli;

import com.sun.management.OperatingSystemMXBean;
import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Checker;
import io.raftkv.tester.checker.graph.GraphChecker;
import io.raftkv.tester.checker.graph.SyntheticAppendHistory;
import io.raftkv.tester.checker.linear.LinearizabilityChecker;
import io.raftkv.tester.checker.linear.Models;
import io.raftkv.tester.history.GeneratedHistory;
import io.raftkv.tester.history.HistoryFormat;
import io.raftkv.tester.history.Op;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rig bench checker}: how long the checkers take, in this JVM after warm-up. For each
 * corpus folder: the median over runs of the time to check every file, the median file and the
 * slowest file. For generated histories: the median time per size and concurrency. Checkers are
 * listed in {@link #checkers()}; add one there to have it measured on generated histories.
 */
@Command(
        name = "checker",
        mixinStandardHelpOptions = true,
        description = "Benchmarks the history checkers on the reference corpus and on generated histories.")
public final class CheckerBenchCommand implements Callable<Integer> {

    @Option(
            names = "--corpus",
            paramLabel = "DIR",
            description =
                    "Corpus root (default: ../shared/corpus, found upwards; that folder exists only on the project's CI machines).")
    Path corpus;

    @Option(names = "--runs", defaultValue = "5", description = "Measured runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up runs (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--sizes",
            split = ",",
            defaultValue = "10000,100000",
            description = "Generated history sizes in ops (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(
            names = "--processes",
            split = ",",
            defaultValue = "10,50",
            description = "Concurrent processes of generated histories (default: ${DEFAULT-VALUE}).")
    List<Integer> processes;

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds per check (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A checker measured on generated histories: a name and how to build it for a history. */
    public record Bench(String name, Function<List<Op>, Checker> checkerFor, Function<Spec, List<Op>> generator) {}

    /** Generated history shape. */
    public record Spec(int ops, int processes, long seed) {}

    /** The checkers measured on generated histories. */
    List<Bench> checkers() {
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        var options = LinearizabilityChecker.Options.defaults().withTimeout(timeout);
        return List.of(
                new Bench(
                        "linearizable, cas-register, 1 key",
                        h -> new LinearizabilityChecker(Models.byName("cas-register", null), options),
                        s -> GeneratedHistory.generate(
                                new GeneratedHistory.Spec(s.ops(), s.processes(), 1, 0.01, s.seed()))),
                new Bench(
                        "linearizable, kv, 100 keys",
                        h -> new LinearizabilityChecker(Models.byName("kv", null), options),
                        s -> GeneratedHistory.generate(
                                new GeneratedHistory.Spec(s.ops(), s.processes(), 100, 0.01, s.seed()))),
                new Bench(
                        "elle list-append, ops/100 keys",
                        h -> new GraphChecker(),
                        s -> SyntheticAppendHistory.generate(
                                s.ops(), s.processes(), Math.max(10, s.ops() / 100), s.seed())));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path root = corpus != null ? corpus : Corpus.locate().orElse(null);
        if (root == null || !Files.isDirectory(root)) {
            out.println("corpus: not found (give --corpus DIR); skipping the corpus figures");
        } else {
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    benchFolder(dir, out);
                }
            }
        }
        for (Bench b : checkers()) {
            for (int size : sizes) {
                for (int procs : processes) {
                    benchGenerated(b, size, procs, out);
                }
            }
        }
        return 0;
    }

    /** Folders with at most this many files also get one line per file. */
    private static final int PER_FILE_UP_TO = 10;

    private void benchFolder(Path dir, PrintWriter out) {
        HistoryFolder folder = HistoryFolder.of(dir);
        List<List<Op>> histories = new ArrayList<>();
        List<Checker> checkers = new ArrayList<>();
        for (Path f : folder.files()) {
            var loaded = HistoryFormat.load(f, null);
            List<Op> h = loaded.history();
            histories.add(h);
            checkers.add(new LinearizabilityChecker(
                    Models.guess(h, loaded.format(), Models.DEFAULT_INITIAL),
                    LinearizabilityChecker.Options.defaults().withTimeout(Duration.ofSeconds(timeoutSeconds))));
        }
        int n = histories.size();
        long[][] perFile = new long[n][runs];
        String[] verdicts = new String[n];
        long[] totals = new long[runs];
        long[] cpus = new long[runs];
        for (int r = -warmup; r < runs; r++) {
            long total = 0;
            long cpu0 = processCpuNanos();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                CheckResult res = checkers.get(i).check(histories.get(i));
                long t = System.nanoTime() - t0;
                if (r == 0
                        && folder.expectedFor(folder.files().get(i)) != null
                        && folder.expectedFor(folder.files().get(i)) != res.verdict()) {
                    out.println("  WARNING: " + folder.files().get(i).getFileName() + " gave "
                            + res.verdict().wire());
                }
                total += t;
                verdicts[i] = res.verdict().wire();
                if (r >= 0) {
                    perFile[i][r] = t;
                }
            }
            if (r >= 0) {
                totals[r] = total;
                cpus[r] = processCpuNanos() - cpu0;
            }
        }
        long[] fileMedians = new long[n];
        int slowest = 0;
        for (int i = 0; i < n; i++) {
            fileMedians[i] = median(perFile[i]);
            if (fileMedians[i] > fileMedians[slowest]) {
                slowest = i;
            }
        }
        out.printf(
                Locale.ROOT,
                "corpus %-12s %3d files: all files %s (cpu %s; median of %d runs), median file %s, slowest %s %s%n",
                dir.getFileName(),
                n,
                ms(median(totals)),
                ms(median(cpus)),
                runs,
                ms(median(fileMedians)),
                folder.files().get(slowest).getFileName(),
                ms(fileMedians[slowest]));
        if (n <= PER_FILE_UP_TO) {
            for (int i = 0; i < n; i++) {
                out.printf(
                        Locale.ROOT,
                        "  file %-20s %10s  %s%n",
                        folder.files().get(i).getFileName(),
                        ms(fileMedians[i]),
                        verdicts[i]);
            }
        }
        out.flush();
    }

    private void benchGenerated(Bench b, int size, int procs, PrintWriter out) {
        List<Op> h = b.generator().apply(new Spec(size, procs, 42));
        Checker checker = b.checkerFor().apply(h);
        int measured = size >= 100_000 ? Math.max(1, runs / 2) : runs;
        int warm = size >= 100_000 ? 1 : warmup;
        long[] times = new long[measured];
        long[] cpus = new long[measured];
        String verdict = "";
        for (int r = -warm; r < measured; r++) {
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            verdict = checker.check(h).verdict().wire();
            if (r >= 0) {
                times[r] = System.nanoTime() - t0;
                cpus[r] = processCpuNanos() - cpu0;
            }
        }
        out.printf(
                Locale.ROOT,
                "generated %-36s %7d ops %3d processes: %s (cpu %s; median of %d), %s%n",
                b.name(),
                size,
                procs,
                ms(median(times)),
                ms(median(cpus)),
                measured,
                verdict);
        out.flush();
    }

    /** CPU time of the whole process (all threads, GC and JIT included): wall time lies on a busy machine. */
    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    static long median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static String ms(long nanos) {
        double ms = nanos / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
