package io.raftkv.tester.run;

import io.raftkv.tester.checker.ResultsJson;
import io.raftkv.tester.nemesis.FaultSchedule;
import io.raftkv.tester.report.HtmlReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a run's files: test.json before it starts, results.json and report.html after. */
final class RunFiles {
    private RunFiles() {}

    static void writeTest(Path dir, RunSpec spec, String backend, FaultSchedule schedule) {
        var doc = new LinkedHashMap<String, Object>(spec.describe(backend));
        doc.put("started", Instant.now().toString());
        doc.put("schedule", schedule.describe());
        writeJson(dir.resolve("test.json"), doc);
    }

    static void save(Execution run, RunResult result, RunSpec spec, PrintStream out) {
        writeJson(run.dir().resolve("results.json"), ResultsJson.toMap(result.results(), results(result, spec)));
        try {
            String title = run.dir().getFileName() + (run.interrupted() ? " (interrupted)" : "");
            HtmlReport.write(run.dir().resolve("report.html"), title, run.history(), result.results(), run.latencies());
        } catch (IOException | RuntimeException e) {
            out.println("rig: report.html not written: " + e);
        }
    }

    /** The run's own fields of results.json, next to the checkers' results. */
    static Map<String, Object> results(RunResult run, RunSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", run.dir().getFileName().toString());
        out.put("interrupted", run.interrupted());
        out.put("backend", run.backend());
        out.put("workload", spec.workload());
        out.put("nemesis", spec.nemesis());
        out.put("seed", spec.seed());
        var ops = new LinkedHashMap<String, Object>();
        ops.put("ok", run.ok());
        ops.put("fail", run.fail());
        ops.put("info", run.info());
        out.put("ops", ops);
        out.put("ops_per_s", Math.round(run.opsPerSecond() * 10) / 10.0);
        out.put("checker_ms", run.checkMillis());
        out.put("faults", run.faults().started());
        out.put("fault_counts", run.faults().describe());
        out.put("nemesis_errors", run.nemesisErrors());
        out.put("healed_gaps", run.gaps().describe());
        out.put("leader_changes", run.nodeLogs().logs() == 0 ? null : run.leaderChanges());
        out.put("snapshot_threshold", spec.snapshotThreshold());
        out.put("snapshots", run.nodeLogs().logs() == 0 ? null : run.nodeLogs().describeSnapshots());
        return out;
    }

    private static void writeJson(Path file, Object doc) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            ResultsJson.write(doc, w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
