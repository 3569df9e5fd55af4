package io.raftkv.tester.cli;

import io.raftkv.tester.nemesis.FaultSchedule;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rig run}: one fault-injection run, from cluster start to verdict. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        exitCodeOnInvalidInput = 3,
        exitCodeOnExecutionException = 3,
        description = {
            "Starts a cluster, runs a workload under faults, checks the history.",
            "Writes histories/runs/<time>-<name>/ (history.jsonl, test.json, results.json, report.html,"
                    + " nodes/*.log) and points histories/runs/latest at it.",
            "Exit: 0 valid, 1 invalid, 2 unknown, 3 bad input or a failed run."
        })
public final class RunCommand implements Callable<Integer> {

    @Option(
            names = "--backend",
            paramLabel = "B",
            description = "docker or local (default: docker when an engine answers)")
    String backend;

    @Option(names = "--nodes", defaultValue = "5", description = "cluster size (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(
            names = "--time-limit",
            defaultValue = "60",
            paramLabel = "S",
            description = "seconds of workload and faults (default ${DEFAULT-VALUE})")
    double timeLimit;

    @Option(
            names = "--nemesis",
            defaultValue = "partition,kill,pause",
            paramLabel = "LIST",
            description = {
                "faults, comma-separated (default ${DEFAULT-VALUE}); none for no faults.",
                "Narrow kinds: partition-halves, partition-one, partition-leader, partition-ring,"
                        + " partition-bridge, partition-leader-frozen, kill-one, kill-leader, kill-minority, kill-all,"
                        + " pause-one, pause-leader, pause-minority.",
                "membership removes a random voter from the cluster and adds it back at the end of the"
                        + " window; membership-leader removes the leader"
            })
    String nemesis;

    @Option(
            names = "--workload",
            defaultValue = "cas-register",
            paramLabel = "W",
            description = "cas-register, register or append (default ${DEFAULT-VALUE})")
    String workload;

    @Option(
            names = "--concurrency",
            defaultValue = "10",
            paramLabel = "C",
            description = "worker threads (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--rate",
            defaultValue = "200",
            paramLabel = "R",
            description = "target ops/s over all workers; 0 = unbounded (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--seed", paramLabel = "N", description = "seed of every random choice (default: random, printed)")
    Long seed;

    @Option(
            names = "--server-flags",
            paramLabel = "\"...\"",
            description = "extra flags for every server, e.g. \"--unsafe-stale-reads\"")
    String serverFlags = "";

    @Option(
            names = "--snapshot-threshold",
            defaultValue = "0",
            paramLabel = "N",
            description = {
                "every server snapshots and compacts its log every N applied entries; a small N makes lagging"
                        + " nodes catch up by InstallSnapshot. 0 keeps the server's default (default ${DEFAULT-VALUE})"
            })
    long snapshotThreshold;

    @Option(
            names = "--request-timeout",
            defaultValue = "2",
            paramLabel = "S",
            description = "per HTTP request, seconds (default ${DEFAULT-VALUE})")
    double requestTimeout;

    @Option(
            names = "--quiet",
            defaultValue = "3",
            paramLabel = "S",
            description = "healthy seconds before the final reads (default ${DEFAULT-VALUE})")
    double quiet;

    @Option(
            names = "--check-timeout",
            defaultValue = "120",
            paramLabel = "S",
            description = "linearizability search budget; unknown beyond it (default ${DEFAULT-VALUE})")
    long checkTimeout;

    @Option(names = "--runs-dir", paramLabel = "DIR", description = "parent of run folders (default histories/runs)")
    Path runsDir;

    @Override
    public Integer call() throws Exception {
        RunSpec spec;
        try {
            spec = spec();
        } catch (IllegalArgumentException e) {
            System.err.println("rig run: " + e.getMessage());
            return 3;
        }
        try {
            return new Runner(System.err).run(spec).exitCode();
        } catch (RuntimeException e) {
            System.err.println("rig run: failed: " + e.getMessage());
            if (System.getenv("RIG_DEBUG") != null) {
                e.printStackTrace();
            }
            return 3;
        }
    }

    RunSpec spec() {
        if (timeLimit <= 0) {
            throw new IllegalArgumentException("--time-limit must be positive, got " + timeLimit);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
        }
        if (backend != null && !List.of("docker", "local").contains(backend)) {
            throw new IllegalArgumentException("--backend must be docker or local, got '" + backend + "'");
        }
        io.raftkv.tester.nemesis.FaultKind.parse(nemesis, nodes); // names a bad entry early
        io.raftkv.tester.workload.Workloads.byName(workload, concurrency, Duration.ofSeconds(1));
        List<String> flags = serverFlags.isBlank()
                ? List.of()
                : Arrays.asList(serverFlags.trim().split("\\s+"));
        return new RunSpec(
                backend,
                nodes,
                seconds(timeLimit),
                nemesis,
                workload,
                concurrency,
                rate,
                seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE,
                flags,
                snapshotThreshold,
                seconds(requestTimeout),
                seconds(quiet),
                Duration.ofSeconds(checkTimeout),
                FaultSchedule.Timing.defaults(),
                runsDir != null ? runsDir.toAbsolutePath() : RunFolder.defaultRunsDir(),
                null);
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
