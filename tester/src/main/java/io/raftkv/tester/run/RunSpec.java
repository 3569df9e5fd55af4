package io.raftkv.tester.run;

import io.raftkv.tester.cluster.ssh.SshTarget;
import io.raftkv.tester.nemesis.FaultKind;
import io.raftkv.tester.nemesis.FaultSchedule;
import io.raftkv.tester.system.SystemUnderTest;
import io.raftkv.tester.system.Systems;
import io.raftkv.tester.workload.Workloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that defines a run; written to test.json. Built with {@link #builder()}; every value
 * is checked when the spec is made, so a bad flag is refused before anything starts.
 *
 * @param system the system under test, "raftkv" or "etcd" (see {@link Systems})
 * @param etcdSerializable etcd's reads are serializable instead of linearizable
 * @param backend "docker", "local", "ssh", or null to choose
 * @param nemesis the fault menu, e.g. "partition,kill,pause" (see {@link FaultKind#parse})
 * @param rate target ops/s over all workers; 0 is unbounded
 * @param serverFlags extra flags for every server, as given
 * @param snapshotThreshold every server snapshots and compacts its log every this many applied
 *     entries; 0 leaves the server's default
 * @param quiet healthy time before the final reads
 * @param checkTimeout the linearizability search's budget
 * @param runsDir where run folders go (histories/runs)
 * @param name a short name for the folder; null derives one from workload and nemesis
 * @param ssh the hosts and credentials of the ssh backend; null for the others
 */
public record RunSpec(
        String system,
        boolean etcdSerializable,
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
        String name,
        SshTarget ssh) {

    private static final String SNAPSHOT_FLAG = "--snapshot-threshold";

    /** @throws IllegalArgumentException naming the flag that is wrong and the value given */
    public RunSpec {
        serverFlags = List.copyOf(serverFlags);
        if (backend != null && !List.of("docker", "local", "ssh").contains(backend)) {
            throw new IllegalArgumentException("--backend must be docker, local or ssh, got '" + backend + "'");
        }
        if (!system.equals("raftkv") && "ssh".equals(backend)) {
            throw new IllegalArgumentException("--system " + system
                    + " runs on --backend docker or local; the ssh backend installs and starts the raftkv server");
        }
        if ("ssh".equals(backend) && ssh == null) {
            throw new IllegalArgumentException("--backend ssh needs --nodes-file FILE (one host a line)");
        }
        if (ssh != null && !"ssh".equals(backend)) {
            throw new IllegalArgumentException(
                    "--nodes-file is for --backend ssh, not " + (backend == null ? "the automatic choice" : backend));
        }
        if (ssh != null && nodes != ssh.hosts().size()) {
            throw new IllegalArgumentException("--nodes " + nodes + " but " + ssh.nodesFile() + " lists "
                    + ssh.hosts().size() + " hosts; leave --nodes out with --backend ssh");
        }
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
        }
        positive("--time-limit", timeLimit);
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be 0 (unbounded) or a positive number, got " + rate);
        }
        positive("--request-timeout", requestTimeout);
        if (quiet.isNegative()) {
            throw new IllegalArgumentException("--quiet must not be negative, got " + seconds(quiet));
        }
        positive("--check-timeout", checkTimeout);
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
        SystemUnderTest sut = Systems.named(system, etcdSerializable); // names an unknown system
        sut.checkFaults(FaultKind.parse(nemesis, nodes)); // names a bad entry, or one the system cannot take
        sut.checkServerOptions(serverFlags, snapshotThreshold);
        Workloads.byName(workload, concurrency, checkTimeout); // names an unknown workload
    }

    private static void positive(String flag, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(flag + " must be positive, got " + (d == null ? "nothing" : seconds(d)));
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() / 1000.0 + " s";
    }

    /** A builder with the command line's defaults: 5 nodes, 60 s, partition,kill,pause, cas-register. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this spec. */
    public Builder toBuilder() {
        return new Builder(this);
    }

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

    public String folderName() {
        if (name != null) {
            return name;
        }
        String faults = nemesis.isBlank() ? "none" : nemesis.replace(',', '-');
        String prefix = system.equals("raftkv") ? "" : system + (etcdSerializable ? "-serializable" : "") + "-";
        return prefix + workload + "-" + faults;
    }

    public Map<String, Object> describe(String chosenBackend) {
        var out = new LinkedHashMap<String, Object>();
        out.put("system", system);
        if (etcdSerializable) {
            out.put("etcd_serializable", true);
        }
        out.put("backend", chosenBackend);
        if (ssh != null) {
            out.put("ssh", ssh.describe());
        }
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

    /** Sets any field; {@link #build()} checks them all. */
    public static final class Builder {
        private String system = "raftkv";
        private boolean etcdSerializable;
        private String backend;
        private int nodes = 5;
        private Duration timeLimit = Duration.ofSeconds(60);
        private String nemesis = "partition,kill,pause";
        private String workload = "cas-register";
        private int concurrency = 10;
        private double rate = 200;
        private long seed;
        private List<String> serverFlags = List.of();
        private long snapshotThreshold;
        private Duration requestTimeout = Duration.ofSeconds(2);
        private Duration quiet = Duration.ofSeconds(3);
        private Duration checkTimeout = Duration.ofSeconds(120);
        private FaultSchedule.Timing timing = FaultSchedule.Timing.defaults();
        private Path runsDir = RunFolder.defaultRunsDir();
        private String name;
        private SshTarget ssh;

        private Builder() {}

        private Builder(RunSpec s) {
            system = s.system;
            etcdSerializable = s.etcdSerializable;
            backend = s.backend;
            nodes = s.nodes;
            timeLimit = s.timeLimit;
            nemesis = s.nemesis;
            workload = s.workload;
            concurrency = s.concurrency;
            rate = s.rate;
            seed = s.seed;
            serverFlags = s.serverFlags;
            snapshotThreshold = s.snapshotThreshold;
            requestTimeout = s.requestTimeout;
            quiet = s.quiet;
            checkTimeout = s.checkTimeout;
            timing = s.timing;
            runsDir = s.runsDir;
            name = s.name;
            ssh = s.ssh;
        }

        public Builder system(String v) {
            system = v;
            return this;
        }

        public Builder etcdSerializable(boolean v) {
            etcdSerializable = v;
            return this;
        }

        public Builder backend(String v) {
            backend = v;
            return this;
        }

        public Builder nodes(int v) {
            nodes = v;
            return this;
        }

        public Builder timeLimit(Duration v) {
            timeLimit = v;
            return this;
        }

        public Builder nemesis(String v) {
            nemesis = v;
            return this;
        }

        public Builder workload(String v) {
            workload = v;
            return this;
        }

        public Builder concurrency(int v) {
            concurrency = v;
            return this;
        }

        public Builder rate(double v) {
            rate = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder serverFlags(List<String> v) {
            serverFlags = v;
            return this;
        }

        public Builder snapshotThreshold(long v) {
            snapshotThreshold = v;
            return this;
        }

        public Builder requestTimeout(Duration v) {
            requestTimeout = v;
            return this;
        }

        public Builder quiet(Duration v) {
            quiet = v;
            return this;
        }

        public Builder checkTimeout(Duration v) {
            checkTimeout = v;
            return this;
        }

        public Builder timing(FaultSchedule.Timing v) {
            timing = v;
            return this;
        }

        public Builder runsDir(Path v) {
            runsDir = v;
            return this;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        /** The ssh backend's hosts and credentials; also sets the node count to the number of hosts. */
        public Builder ssh(SshTarget v) {
            ssh = v;
            if (v != null) {
                nodes = v.hosts().size();
            }
            return this;
        }

        public RunSpec build() {
            return new RunSpec(
                    system,
                    etcdSerializable,
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
                    requestTimeout,
                    quiet,
                    checkTimeout,
                    timing,
                    runsDir,
                    name,
                    ssh);
        }
    }
}
