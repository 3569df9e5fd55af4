package io.raftkv.tester.cli;

import io.raftkv.tester.nemesis.FaultKind;
import io.raftkv.tester.nemesis.FaultSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that defines a run; written to test.json.
 *
 * @param backend "docker", "local", or null to choose
 * @param nemesis the fault menu, e.g. "partition,kill,pause" (see {@link FaultKind#parse})
 * @param serverFlags extra flags for every server, as given
 * @param snapshotThreshold every server snapshots and compacts its log every this many applied
 *     entries; 0 leaves the server's default
 * @param runsDir where run folders go (histories/runs)
 * @param name a short name for the folder; null derives one from workload and nemesis
 */
public record RunSpec(
        String backend,
        int nodes,
        Duration timeLimit,
        String nemesis,
        String workload,
        int concurrency,
        double rate,
        long seed,
        List<String> serverFlags,
        long snapshotThreshold,
        Duration requestTimeout,
        Duration quiet,
        Duration checkTimeout,
        FaultSchedule.Timing timing,
        Path runsDir,
        String name) {

    public RunSpec {
        serverFlags = List.copyOf(serverFlags);
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
        }
        if (snapshotThreshold < 0) {
            throw new IllegalArgumentException(
                    "--snapshot-threshold must not be negative (0 keeps the server's default), got "
                            + snapshotThreshold);
        }
        if (snapshotThreshold > 0
                && serverFlags.stream().anyMatch(f -> f.equals(SNAPSHOT_FLAG) || f.startsWith(SNAPSHOT_FLAG + "="))) {
            throw new IllegalArgumentException(
                    "--snapshot-threshold is given twice: as an option and in --server-flags; keep one");
        }
    }

    private static final String SNAPSHOT_FLAG = "--snapshot-threshold";

    /** The flags every server starts with: {@link #serverFlags} and the snapshot threshold, if set. */
    public List<String> serverArgs() {
        if (snapshotThreshold == 0) {
            return serverFlags;
        }
        var args = new ArrayList<>(serverFlags);
        args.add(SNAPSHOT_FLAG);
        args.add(Long.toString(snapshotThreshold));
        return List.copyOf(args);
    }

    /** This spec with another per-request client timeout. */
    public RunSpec withRequestTimeout(Duration timeout) {
        return new RunSpec(
                backend,
                nodes,
                timeLimit,
                nemesis,
                workload,
                concurrency,
                rate,
                seed,
                serverFlags,
                snapshotThreshold,
                timeout,
                quiet,
                checkTimeout,
                timing,
                runsDir,
                name);
    }

    /** This spec with another snapshot threshold (0: the server's default). */
    public RunSpec withSnapshotThreshold(long threshold) {
        return new RunSpec(
                backend,
                nodes,
                timeLimit,
                nemesis,
                workload,
                concurrency,
                rate,
                seed,
                serverFlags,
                threshold,
                requestTimeout,
                quiet,
                checkTimeout,
                timing,
                runsDir,
                name);
    }

    public String folderName() {
        if (name != null) {
            return name;
        }
        String faults = nemesis.isBlank() ? "none" : nemesis.replace(',', '-');
        return workload + "-" + faults;
    }

    public Map<String, Object> describe(String chosenBackend) {
        var out = new LinkedHashMap<String, Object>();
        out.put("backend", chosenBackend);
        out.put("nodes", nodes);
        out.put("time_limit_s", timeLimit.toMillis() / 1000.0);
        out.put("nemesis", nemesis);
        out.put("workload", workload);
        out.put("concurrency", concurrency);
        out.put("rate", rate);
        out.put("seed", seed);
        out.put("server_flags", serverFlags);
        out.put("snapshot_threshold", snapshotThreshold);
        out.put("request_timeout_s", requestTimeout.toMillis() / 1000.0);
        out.put("quiet_s", quiet.toMillis() / 1000.0);
        out.put("check_timeout_s", checkTimeout.toSeconds());
        out.put(
                "timing",
                Map.of(
                        "calm_start_s", timing.calmStart().toMillis() / 1000.0,
                        "fault_min_s", timing.faultMin().toMillis() / 1000.0,
                        "fault_max_s", timing.faultMax().toMillis() / 1000.0,
                        "heal_s", timing.heal().toMillis() / 1000.0));
        return out;
    }
}
