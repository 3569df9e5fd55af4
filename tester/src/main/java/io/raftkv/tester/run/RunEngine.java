package io.raftkv.tester.run;

import io.raftkv.tester.cluster.Backends;
import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.cluster.DockerSupport;
import io.raftkv.tester.cluster.EtcdClusters;
import io.raftkv.tester.cluster.Leftovers;
import io.raftkv.tester.disk.FuseSupport;
import io.raftkv.tester.generator.Interpreter;
import io.raftkv.tester.generator.Recorder;
import io.raftkv.tester.generator.RunOptions;
import io.raftkv.tester.generator.RunProgress;
import io.raftkv.tester.nemesis.ClusterNemesis;
import io.raftkv.tester.nemesis.FaultKind;
import io.raftkv.tester.nemesis.FaultSchedule;
import io.raftkv.tester.nemesis.Nemesis;
import io.raftkv.tester.workload.Workload;
import io.raftkv.tester.workload.Workloads;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs one test end to end, in Jepsen's shape: execute (cluster up, workload and nemesis, final
 * reads, one teardown), then analyse (pure: {@link RunAnalysis}), then save ({@link RunFiles}).
 * Printing the verdict is the caller's. The history is streamed to the run folder as it is
 * recorded, so a killed run keeps it; Ctrl-C or SIGTERM stops the run early, and the same path
 * heals and removes the cluster, collects the logs, and checks and saves what was recorded, marked
 * interrupted.
 */
public final class RunEngine {
    /** How long an interrupted run may take to tear down, check and save before the JVM exits. */
    private static final Duration INTERRUPTED_GRACE = Duration.ofMinutes(2);

    private final PrintStream out;

    /** @param out where progress and notices go (stderr for the CLI) */
    public RunEngine(PrintStream out) {
        this.out = out;
    }

    /** Executes, analyses and saves one run. @throws IllegalArgumentException for a spec that cannot run */
    public RunResult run(RunSpec spec) {
        Workload workload = Workloads.byName(spec.workload(), spec.concurrency(), spec.checkTimeout());
        FaultSchedule schedule = plan(spec);
        Leftovers.removeBeforeRun(spec.runsDir(), out); // what killed runs left behind
        Backends.Choice choice = isRaftkv(spec) ? Backends.choose(spec.backend()) : EtcdClusters.choose(spec.backend());
        out.println("rig: "
                + (isRaftkv(spec)
                        ? ""
                        : "system " + spec.system() + (spec.etcdSerializable() ? " (serializable reads)" : "") + ", ")
                + "backend " + choice.backend() + " (" + choice.reason() + "), " + spec.nodes() + " nodes, "
                + spec.workload() + ", nemesis " + (spec.nemesis().isBlank() ? "none" : spec.nemesis()) + ", seed "
                + spec.seed()
                + (spec.snapshotThreshold() > 0 ? ", snapshot threshold " + spec.snapshotThreshold() : ""));
        checkDisks(spec, choice.backend());
        Path dir = RunFolder.create(spec.runsDir(), spec.folderName());
        RunFiles.writeTest(dir, spec, choice.backend(), schedule);
        try (var stop = new StopSignal(out, INTERRUPTED_GRACE)) {
            Execution execution = execute(spec, choice.backend(), dir, workload, schedule, stop);
            RunResult result = RunAnalysis.analyse(execution, workload.checker());
            RunFiles.save(execution, result, spec, out);
            return result;
        }
    }

    /**
     * The schedule for the nodes the cluster will have; refuses a nemesis that the time limit leaves
     * no room for, naming the shortest limit that would.
     */
    static FaultSchedule plan(RunSpec spec) {
        List<String> nodes = Cluster.nodeIds(spec.nodes());
        List<FaultKind> menu = FaultKind.parse(spec.nemesis(), spec.nodes());
        FaultSchedule schedule = FaultSchedule.plan(nodes, menu, spec.timeLimit(), spec.timing(), spec.seed());
        if (!menu.isEmpty() && schedule.windows().isEmpty()) {
            Duration shortest = spec.timing().calmStart().plus(spec.timing().faultMax());
            throw new IllegalArgumentException("--time-limit "
                    + spec.timeLimit().toMillis() / 1000.0
                    + " s leaves no room for a fault of --nemesis " + spec.nemesis() + " with this seed (a calm start"
                    + " of " + spec.timing().calmStart().toMillis() / 1000.0 + " s, then faults of "
                    + spec.timing().faultMin().toMillis() / 1000.0 + " to "
                    + spec.timing().faultMax().toMillis() / 1000.0 + " s); use --time-limit "
                    + (shortest.toMillis() + 999) / 1000 + " or more, or --nemesis none");
        }
        return schedule;
    }

    /** Whether the nemesis acts on the nodes' disks, which the cluster must then serve. */
    static boolean needsDisks(RunSpec spec) {
        return FaultKind.parse(spec.nemesis(), spec.nodes()).stream().anyMatch(FaultKind::needsDisk);
    }

    /**
     * Refuses disk faults where they cannot run: on another system than raftkv, on the ssh backend,
     * on a Docker engine on another host, and where FUSE is missing.
     */
    static void checkDisks(RunSpec spec, String backend) {
        if (!needsDisks(spec)) {
            return;
        }
        if (!isRaftkv(spec) || backend.equals("ssh")) {
            throw new IllegalArgumentException("--nemesis " + spec.nemesis() + " has disk faults, which need"
                    + " --backend local or docker and --system raftkv (not " + backend + ", " + spec.system() + ")");
        }
        if (backend.equals("docker") && !DockerSupport.engineIsLocal()) {
            throw new IllegalArgumentException("--nemesis " + spec.nemesis() + " has disk faults, which on the"
                    + " docker backend need the engine on this host (DOCKER_HOST is " + System.getenv("DOCKER_HOST")
                    + "): the disk-fault file system serves the nodes' data from here");
        }
        FuseSupport.missing().ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
    }

    private static boolean isRaftkv(RunSpec spec) {
        return spec.system().equals("raftkv");
    }

    private static Cluster build(RunSpec spec, String backend, Path dir) {
        return isRaftkv(spec)
                ? Backends.build(backend, spec.nodes(), dir, spec.serverArgs(), spec.ssh(), needsDisks(spec))
                : EtcdClusters.build(backend, spec.nodes(), dir, spec.etcdSerializable(), spec.serverArgs());
    }

    private Execution execute(
            RunSpec spec, String backend, Path dir, Workload workload, FaultSchedule schedule, StopSignal stop) {
        Cluster cluster = build(spec, backend, dir);
        Nemesis nemesis = new ClusterNemesis(cluster);
        var history = new HistoryStream(dir.resolve("history.jsonl"));
        var progress = new RunProgress();
        // Until the cluster is up, an empty recorder times the set-up for the progress line.
        var recorder = new Recorder(System.nanoTime(), op -> {});
        var line = new ProgressLine(out, progress, recorder);
        MetricsWatch watch = null;
        long mainStart = 0;
        long mainEnd = 0;
        boolean interrupted = false;
        try {
            progress.phase("setup");
            line.start();
            cluster.start();
            // Times in the history count from here: the test starts on a running cluster.
            recorder = new Recorder(System.nanoTime(), history);
            line.recorder(recorder);
            watch = new MetricsWatch(cluster, recorder::elapsedNanos);
            watch.start();
            var options = new RunOptions(
                    spec.concurrency(),
                    spec.rate(),
                    spec.timeLimit(),
                    spec.requestTimeout(),
                    3,
                    spec.quiet(),
                    spec.seed());
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
        } catch (InterruptedException e) {
            interrupted = true;
            mainEnd = System.nanoTime();
        } catch (RuntimeException e) {
            if (!stop.stopped()) {
                teardown(cluster, nemesis, watch, dir, line, history);
                throw e;
            }
            interrupted = true; // a client or the cluster gave up because the run was interrupted
            mainEnd = System.nanoTime();
        } finally {
            Thread.interrupted(); // the teardown must not be cut short by the interrupt
        }
        teardown(cluster, nemesis, watch, dir, line, history);
        return new Execution(
                dir,
                backend,
                schedule,
                recorder.history(),
                mainStart == 0 ? 0 : Math.max(0, mainEnd - mainStart),
                interrupted || stop.stopped(),
                watch == null ? List.of() : watch.latencies());
    }

    /**
     * The one teardown path: heal, save the nodes' metrics, collect their logs, remove the cluster,
     * close the history.
     */
    private void teardown(
            Cluster cluster, Nemesis nemesis, MetricsWatch watch, Path dir, ProgressLine line, HistoryStream history) {
        line.stop();
        try {
            nemesis.healAll();
        } catch (RuntimeException e) {
            out.println("rig: heal failed: " + e);
        }
        if (watch != null) {
            try {
                watch.stop(dir.resolve("nodes"));
            } catch (RuntimeException e) {
                out.println("rig: " + e.getMessage());
            }
        }
        try {
            cluster.collectLogs(dir.resolve("nodes"));
        } catch (RuntimeException e) {
            out.println("rig: could not collect node logs: " + e);
        }
        try {
            cluster.close();
        } catch (RuntimeException e) {
            out.println("rig: could not remove the cluster: " + e);
        }
        try {
            history.close();
        } catch (RuntimeException e) {
            out.println("rig: " + e.getMessage() + ": " + e.getCause());
        }
    }
}
