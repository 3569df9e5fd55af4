package io.raftkv.tester.cli;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.ResultsJson;
import io.raftkv.tester.checker.Summary;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.cluster.Backends;
import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.generator.Interpreter;
import io.raftkv.tester.generator.Progress;
import io.raftkv.tester.generator.Recorder;
import io.raftkv.tester.generator.RunOptions;
import io.raftkv.tester.history.JsonlHistory;
import io.raftkv.tester.history.Op;
import io.raftkv.tester.nemesis.ClusterNemesis;
import io.raftkv.tester.nemesis.FaultKind;
import io.raftkv.tester.nemesis.FaultSchedule;
import io.raftkv.tester.nemesis.Nemesis;
import io.raftkv.tester.report.HtmlReport;
import io.raftkv.tester.workload.Workload;
import io.raftkv.tester.workload.Workloads;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one test end to end: cluster up, workload and nemesis, final reads, cluster down, check,
 * and the run folder (history.jsonl, test.json, results.json, report.html, nodes/*.log). The
 * cluster is healed and removed on every path out, Ctrl-C included (a shutdown hook).
 */
public final class Runner {
    private final PrintStream out;

    /** @param out where progress and the verdict go (stderr for the CLI) */
    public Runner(PrintStream out) {
        this.out = out;
    }

    public RunResult run(RunSpec spec) throws InterruptedException {
        io.raftkv.tester.cluster.Leftovers.removeBeforeRun(spec.runsDir(), out); // leftovers of killed runs
        Workload workload = Workloads.byName(spec.workload(), spec.concurrency(), spec.checkTimeout());
        Backends.Choice choice = Backends.choose(spec.backend());
        out.println("rig: backend " + choice.backend() + " (" + choice.reason() + "), " + spec.nodes() + " nodes, "
                + spec.workload() + ", nemesis " + (spec.nemesis().isBlank() ? "none" : spec.nemesis()) + ", seed "
                + spec.seed()
                + (spec.snapshotThreshold() > 0 ? ", snapshot threshold " + spec.snapshotThreshold() : ""));
        Path dir = RunFolder.create(spec.runsDir(), spec.folderName());
        Cluster cluster = Backends.build(choice.backend(), spec.nodes(), dir, spec.serverArgs());
        List<FaultKind> menu = FaultKind.parse(spec.nemesis(), spec.nodes());
        FaultSchedule schedule =
                FaultSchedule.plan(cluster.nodes(), menu, spec.timeLimit(), spec.timing(), spec.seed());
        writeTestJson(dir, spec, choice.backend(), schedule);

        Nemesis nemesis = new ClusterNemesis(cluster);
        var recorded = new java.util.concurrent.atomic.AtomicReference<Recorder>();
        Thread cleanup = new Thread(
                () -> {
                    // Ctrl-C or a crash: heal and remove the cluster, and keep what was recorded.
                    teardown(cluster, nemesis, dir);
                    if (recorded.get() != null) {
                        writeHistory(dir, recorded.get().history());
                    }
                },
                "rig-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        var progress = new Progress();
        Recorder recorder = new Recorder(System.nanoTime(), op -> {});
        ProgressLine line = new ProgressLine(out, progress, recorder);
        long mainStart;
        long mainEnd;
        try {
            progress.phase("setup");
            line.start();
            cluster.start();
            var options = new RunOptions(
                    spec.concurrency(),
                    spec.rate(),
                    spec.timeLimit(),
                    spec.requestTimeout(),
                    3,
                    spec.quiet(),
                    spec.seed());
            recorder = new Recorder(System.nanoTime(), op -> {});
            recorded.set(recorder);
            line.recorder(recorder);
            var interpreter = new Interpreter(
                    cluster,
                    workload,
                    nemesis,
                    schedule,
                    options,
                    recorder,
                    progress,
                    Long.toHexString(spec.seed()) + "-" + Long.toHexString(System.nanoTime() & 0xfffff));
            mainStart = System.nanoTime();
            interpreter.run();
            mainEnd = Math.min(System.nanoTime(), mainStart + spec.timeLimit().toNanos());
        } finally {
            line.stop();
            teardown(cluster, nemesis, dir);
            writeHistory(dir, recorder.history());
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs (and finds everything closed)
            }
        }

        List<Op> history = recorder.history();
        long t0 = System.nanoTime();
        CheckResult result = workload.checker().check(history);
        long checkMillis = (System.nanoTime() - t0) / 1_000_000;
        List<CheckResult> results = List.of(result);
        Verdict verdict = ResultsJson.merged(results);

        long ok = count(history, Op.Type.OK);
        long fail = count(history, Op.Type.FAIL);
        long info = count(history, Op.Type.INFO);
        double seconds = Math.max(1e-9, (mainEnd - mainStart) / 1e9);
        long nemesisErrors = history.stream()
                .filter(op -> op.isNemesis() && op.f().equals("nemesis-error"))
                .count();
        var run = new RunResult(
                verdict,
                dir,
                choice.backend(),
                ok,
                fail,
                info,
                (ok + fail + info) / seconds,
                checkMillis,
                nemesisErrors,
                snapshots(dir),
                faults(history),
                results);
        writeResults(dir, run, spec);
        try {
            HtmlReport.write(dir.resolve("report.html"), dir.getFileName().toString(), history, results);
        } catch (IOException | RuntimeException e) {
            out.println("rig: report.html not written: " + e);
        }
        out.println(Summary.of(results));
        if (nemesisErrors > 0) {
            out.println("warning: " + nemesisErrors + " fault(s) could not be injected (nemesis-error ops in the"
                    + " history); this run tested less than its schedule says");
        }
        out.println("verdict: " + verdict.name());
        out.println("run folder: " + dir);
        out.println(String.format(
                "ops: %d ok, %d fail, %d info (%.0f ops/s); checker time: %d ms; %s; %s",
                ok, fail, info, run.opsPerSecond(), checkMillis, run.faultsLine(), run.snapshotsLine()));
        return run;
    }

    private SnapshotCounts snapshots(Path dir) {
        try {
            return SnapshotCounts.fromLogs(dir.resolve("nodes"));
        } catch (RuntimeException e) {
            out.println("rig: could not count snapshots in the node logs: " + e);
            return SnapshotCounts.NONE;
        }
    }

    /** Faults injected, by kind: the {@code start-X} nemesis ops. */
    static Map<String, Long> faults(List<Op> history) {
        var out = new java.util.TreeMap<String, Long>();
        for (Op op : history) {
            if (op.isNemesis() && op.f().startsWith("start-")) {
                out.merge(op.f().substring("start-".length()), 1L, Long::sum);
            }
        }
        return out;
    }

    private static long count(List<Op> history, Op.Type type) {
        return history.stream().filter(o -> !o.isNemesis() && o.type() == type).count();
    }

    private void teardown(Cluster cluster, Nemesis nemesis, Path dir) {
        try {
            nemesis.healAll();
        } catch (RuntimeException e) {
            out.println("rig: heal failed: " + e);
        }
        try {
            cluster.collectLogs(dir.resolve("nodes"));
        } catch (RuntimeException e) {
            out.println("rig: could not collect node logs: " + e);
        }
        cluster.close();
    }

    private static void writeTestJson(Path dir, RunSpec spec, String backend, FaultSchedule schedule) {
        var doc = new LinkedHashMap<String, Object>(spec.describe(backend));
        doc.put("started", Instant.now().toString());
        doc.put("schedule", schedule.describe());
        writeJson(dir.resolve("test.json"), doc);
    }

    private static void writeResults(Path dir, RunResult run, RunSpec spec) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("run", dir.getFileName().toString());
        extra.put("backend", run.backend());
        extra.put("workload", spec.workload());
        extra.put("nemesis", spec.nemesis());
        extra.put("seed", spec.seed());
        extra.put("ops", Map.of("ok", run.ok(), "fail", run.fail(), "info", run.info()));
        extra.put("ops_per_s", Math.round(run.opsPerSecond() * 10) / 10.0);
        extra.put("checker_ms", run.checkMillis());
        extra.put("faults", run.faults());
        extra.put("nemesis_errors", run.nemesisErrors());
        extra.put("snapshot_threshold", spec.snapshotThreshold());
        extra.put(
                "snapshots",
                run.snapshots().logs() == 0 ? null : run.snapshots().describe());
        writeJson(dir.resolve("results.json"), ResultsJson.toMap(run.results(), extra));
    }

    private static void writeJson(Path file, Object doc) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            ResultsJson.write(doc, w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void writeHistory(Path dir, List<Op> history) {
        try (Writer w = Files.newBufferedWriter(dir.resolve("history.jsonl"), StandardCharsets.UTF_8)) {
            JsonlHistory.write(new ArrayList<>(history), w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history", e);
        }
    }
}
