package io.raftkv.tester.cli;

import io.raftkv.tester.checker.Summary;
import io.raftkv.tester.cluster.ssh.SshTarget;
import io.raftkv.tester.nemesis.FaultSchedule;
import io.raftkv.tester.run.RunEngine;
import io.raftkv.tester.run.RunFolder;
import io.raftkv.tester.run.RunResult;
import io.raftkv.tester.run.RunSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            names = "--system",
            defaultValue = "raftkv",
            paramLabel = "S",
            description = {
                "the system under test: raftkv or etcd (default ${DEFAULT-VALUE}).",
                "etcd is Debian's etcd-server 3.4, through its v3 JSON gateway; on the local backend it needs"
                        + " root (and is installed when missing on Debian)"
            })
    String system;

    @Option(
            names = "--etcd-serializable",
            description = "etcd's reads are serializable (served from a member's own state, possibly stale)")
    boolean etcdSerializable;

    @Option(
            names = "--backend",
            paramLabel = "B",
            description = {
                "docker, local or ssh (default: ssh with --nodes-file, else docker when an engine answers,"
                        + " else local)"
            })
    String backend;

    @Option(
            names = "--nodes",
            paramLabel = "N",
            description = "cluster size (default 5; with --backend ssh, the hosts of --nodes-file)")
    Integer nodes;

    @Mixin
    SshOptions ssh = new SshOptions();

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
                        + " window; membership-leader removes the leader.",
                "Disk faults (local or docker backend; FUSE, see docker/fuse.sh):",
                "power-loss (power-loss-one, -leader, -majority, -all): SIGKILL, then the loss of all the"
                        + " nodes did not fsync;",
                "torn-write (torn-write-one, -leader): SIGKILL, then a random prefix of what the node did"
                        + " not fsync survives;",
                "corrupt: SIGKILL a node, flip bytes of its fsynced data and start it at once (it may refuse,"
                        + " naming the file and offset); the heal flips them back; one node at a time;",
                "fsync-error: the node's next fsync fails (a correct server stops); the heal restarts it;",
                "disk: all of power-loss, torn-write, corrupt and fsync-error."
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
            description = "extra flags for every server (or etcd), e.g. \"--unsafe-stale-reads\"")
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

    @Option(
            names = "--fault-interval",
            defaultValue = "3",
            paramLabel = "S",
            description = {
                "faults come every few seconds: after a calm start, each fault lasts S to 2S seconds and"
                        + " is followed by S healthy seconds (default ${DEFAULT-VALUE})"
            })
    double faultInterval;

    @Override
    public Integer call() {
        RunSpec spec;
        try {
            spec = spec();
        } catch (IllegalArgumentException e) {
            System.err.println("rig run: " + e.getMessage());
            return 3;
        }
        if (spec.nodes() < 3) {
            System.err.println("rig run: warning: --nodes " + spec.nodes()
                    + " cannot tolerate any fault (a majority of " + spec.nodes() + " is all of them);"
                    + " 3 or 5 is the usual size");
        }
        try {
            RunResult run = new RunEngine(System.err).run(spec);
            print(run);
            return run.exitCode();
        } catch (IllegalArgumentException e) {
            System.err.println("rig run: " + e.getMessage());
            return 3;
        } catch (RuntimeException e) {
            System.err.println("rig run: failed: " + e.getMessage());
            if (System.getenv("RIG_DEBUG") != null) {
                e.printStackTrace();
            }
            return 3;
        }
    }

    private static void print(RunResult run) {
        PrintStream out = System.err;
        out.println(Summary.of(run.results()));
        if (run.nemesisErrors() > 0) {
            out.println("warning: " + run.nemesisErrors() + " fault(s) could not be injected (nemesis-error ops in the"
                    + " history); this run tested less than its schedule says");
        }
        out.println(
                "verdict: " + run.verdict().name() + (run.interrupted() ? " (interrupted: a partial history)" : ""));
        out.println("run folder: " + run.dir());
        out.println(String.format(
                "ops: %d ok, %d fail, %d info (%.0f ops/s); checker time: %d ms; %s; %s; %s",
                run.ok(),
                run.fail(),
                run.info(),
                run.opsPerSecond(),
                run.checkMillis(),
                run.faults().line(),
                run.leaderChangesLine(),
                run.snapshotsLine()));
    }

    RunSpec spec() {
        if (!(faultInterval > 0) || Double.isInfinite(faultInterval)) {
            throw new IllegalArgumentException("--fault-interval must be positive, got " + faultInterval);
        }
        Duration interval = seconds(faultInterval);
        List<String> flags = serverFlags.isBlank()
                ? List.of()
                : Arrays.asList(serverFlags.trim().split("\\s+"));
        SshTarget target = ssh.target();
        String chosen = backend == null && target != null ? "ssh" : backend;
        return RunSpec.builder()
                .system(system)
                .etcdSerializable(etcdSerializable)
                .backend(chosen)
                .nodes(nodes != null ? nodes : target != null ? target.hosts().size() : 5)
                .timeLimit(seconds(timeLimit))
                .nemesis(nemesis)
                .workload(workload)
                .concurrency(concurrency)
                .rate(rate)
                .seed(seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE)
                .serverFlags(flags)
                .snapshotThreshold(snapshotThreshold)
                .requestTimeout(seconds(requestTimeout))
                .quiet(seconds(quiet))
                .checkTimeout(Duration.ofSeconds(checkTimeout))
                .timing(FaultSchedule.Timing.every(interval))
                .runsDir(runsDir != null ? runsDir.toAbsolutePath() : RunFolder.defaultRunsDir())
                .ssh(target)
                .nodes(nodes != null ? nodes : target != null ? target.hosts().size() : 5)
                .build();
    }

    /** Seconds as given on the command line; NaN and infinities are left for the spec to refuse. */
    private static Duration seconds(double s) {
        if (Double.isNaN(s) || Double.isInfinite(s) || Math.abs(s) > 1e9) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
