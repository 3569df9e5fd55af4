package io.raftkv.tester.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.checker.graph.GraphChecker;
import io.raftkv.tester.cluster.DockerSupport;
import io.raftkv.tester.cluster.ServerJar;
import io.raftkv.tester.cluster.ssh.NodesFile;
import io.raftkv.tester.cluster.ssh.SshCluster;
import io.raftkv.tester.cluster.ssh.SshHost;
import io.raftkv.tester.cluster.ssh.SshTarget;
import io.raftkv.tester.history.JsonlHistory;
import io.raftkv.tester.history.Op;
import io.raftkv.tester.run.RunEngine;
import io.raftkv.tester.run.RunResult;
import io.raftkv.tester.run.RunSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The ssh backend end to end, on the lab of docker/ssh-lab.sh: five containers with sshd that the
 * rig reaches only over SSH, as it would reach VMs. The correct server is valid under partitions,
 * kills and pauses, with every fault of the schedule injected and healed by kind; stale reads are
 * caught; a run stopped with SIGINT heals and cleans up; what a run that never cleaned up leaves is
 * refused, and removed with --force-clean; and after every run no host holds a rule the rig added,
 * a server process or the run's folder. Without a Docker engine the class is skipped,
 * except under CI=true, where it fails.
 */
@Tag("ssh")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshBackendIT {
    private static final int HOSTS = 5;
    private static final String CONTAINER = "raftkv-ssh-lab-n";

    private static SshTarget lab;

    @BeforeAll
    static void labUp() {
        if (!DockerSupport.engineAnswers()) {
            String reason = "no Docker engine answers (docker/engine.sh starts one)";
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but " + reason + ": the ssh backend suite must run in CI");
            }
            Assumptions.abort(reason);
        }
        exec(List.of(labScript().toString(), "up"), 900);
        Path dir = Runs.repoRoot().resolve("docker/ssh-lab");
        Path nodes = dir.resolve("nodes.txt");
        List<SshHost> hosts = NodesFile.read(nodes);
        assertEquals(HOSTS, hosts.size(), "the lab's nodes file lists its hosts: " + hosts);
        lab = new SshTarget(nodes, hosts, "root", List.of(dir.resolve("id_ed25519")), null, null, false);
    }

    @AfterAll
    static void labDown() {
        if (lab != null) {
            exec(List.of(labScript().toString(), "down"), 120);
        }
    }

    private static Path labScript() {
        return Runs.repoRoot().resolve("docker/ssh-lab.sh");
    }

    private static RunSpec spec(String name, String nemesis, String workload, List<String> flags, long seed) {
        return RunSpec.builder()
                .backend("ssh")
                .ssh(lab)
                .timeLimit(Runs.TIME_LIMIT)
                .nemesis(nemesis)
                .workload(workload)
                .concurrency(10)
                .rate(300)
                .seed(seed)
                .serverFlags(flags)
                .requestTimeout(Runs.REQUEST_TIMEOUT)
                .quiet(Duration.ofSeconds(3))
                .checkTimeout(Duration.ofSeconds(120))
                .timing(Runs.TIMING)
                .runsDir(Runs.repoRoot().resolve("histories/runs"))
                .name(name)
                .build();
    }

    private static RunResult run(RunSpec spec) {
        RunResult r = new RunEngine(System.out).run(spec);
        System.out.println("[ssh-backend] " + spec.folderName() + ": " + r.line() + "; first operation "
                + firstOpMillis(r.dir()) + " ms after the run began");
        assertEquals("ssh", r.backend());
        assertHostsClean();
        return r;
    }

    @Test
    @Order(1)
    void correctServer_underPartitionsKillsAndPauses_overSsh_isValid() {
        var r = run(spec("ssh-partition-kill-pause", "partition,kill,pause", "cas-register", List.of(), 301));
        assertTrue(
                r.schedule().faultNanos() >= 20e9,
                "at least 20 s of faults: " + r.schedule().describe());
        FaultAssertions.assertFaultsBit(r, HOSTS);
        for (var kind : List.of("partition", "kill", "pause")) {
            assertTrue(r.faults(kind) > 0, "a " + kind + " was injected: " + r.line());
        }
        assertEquals(Verdict.VALID, r.verdict(), r.line());
    }

    /** A frozen, isolated leader that answers reads from its own copy, as in the fault suite. */
    @Test
    @Order(2)
    void staleReads_underAFrozenIsolatedLeader_overSsh_areCaught() {
        var r = run(spec(
                "ssh-unsafe-stale-reads", "partition-leader-frozen", "append", List.of("--unsafe-stale-reads"), 201));
        FaultAssertions.assertFaultsBit(r, HOSTS);
        assertEquals(Verdict.INVALID, r.verdict(), "--unsafe-stale-reads is caught: " + r.line());
        var found = r.results().stream().flatMap(c -> Anomaly.of(c).stream()).toList();
        var expected = new Anomaly(GraphChecker.NAME, Anomaly.STALE_READ, "read");
        assertTrue(found.contains(expected), "expected " + expected + ", found " + found);
    }

    /**
     * {@code ./rig run --backend ssh} stopped with SIGINT in the middle of its faults heals, stops the
     * servers and removes its rules, and keeps what it recorded.
     */
    @Test
    @Order(3)
    void aRunStoppedWithSigint_leavesNothingOnTheHosts() throws Exception {
        Path jar = Runs.repoRoot().resolve("tester/target/raftkv-tester.jar");
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: the package phase builds it");
        }
        Path runs = Files.createTempDirectory("ssh-sigint");
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = List.of(
                java,
                "-Draftkv.home=" + Runs.repoRoot(),
                "-jar",
                jar.toString(),
                "run",
                "--nodes-file",
                lab.nodesFile().toString(),
                "--ssh-key",
                lab.keys().getFirst().toString(),
                "--nemesis",
                "partition,kill,pause",
                "--time-limit",
                "120",
                "--runs-dir",
                runs.toString());
        Path log = runs.resolve("rig.log");
        long t0 = System.nanoTime();
        Process rig = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Path history = awaitHistory(runs, rig, Duration.ofMinutes(3));
        long firstOp = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(
                "[ssh-backend] ./rig run --backend ssh: first operation " + firstOp + " ms after the command started");
        // Into the faults: the first begins 2 s after the first operation.
        awaitNemesisOp(history, rig, Duration.ofSeconds(60));
        new ProcessBuilder("kill", "-INT", Long.toString(rig.pid())).start().waitFor();
        if (!rig.waitFor(3, TimeUnit.MINUTES)) {
            rig.destroyForcibly();
            fail("the rig did not exit within 3 minutes of SIGINT: " + Files.readString(log));
        }
        String output = Files.readString(log);
        System.out.println(output.lines()
                .filter(l -> l.startsWith("rig: ssh") || l.startsWith("verdict"))
                .reduce("", (a, b) -> a + "[ssh-backend] " + b + "\n"));
        assertTrue(output.contains("interrupted"), "the run says it was interrupted: " + output);
        assertTrue(output.contains("rig: ssh: fault actions over SSH:"), "the faults bit before SIGINT: " + output);
        assertHostsClean();
    }

    /**
     * A run that never cleaned up (its rig was killed with SIGKILL, say) leaves its chain and servers;
     * the next run refuses every such host, naming what it found, and --force-clean removes them.
     */
    @Test
    @Order(4)
    void leftoversOfAnEarlierRun_areRefused_andRemovedWithForceClean() throws Exception {
        Path runs = Files.createTempDirectory("ssh-leftovers");
        var crashed = cluster(runs.resolve("crashed"), false);
        crashed.start(); // and never closed, as if the rig had died
        try {
            var refused = cluster(runs.resolve("refused"), false);
            var e = assertThrows(IllegalStateException.class, refused::start);
            refused.close();
            for (var host : lab.hosts()) {
                assertTrue(
                        e.getMessage().contains(host + "): an earlier run left iptables chain RAFTKV"), e.getMessage());
            }
            assertTrue(e.getMessage().contains("a running server (pid "), e.getMessage());
            assertTrue(e.getMessage().contains("--force-clean removes them"), e.getMessage());

            var cleaned = cluster(runs.resolve("cleaned"), true);
            try {
                cleaned.start();
                assertTrue(cleaned.isRunning("n1"));
            } finally {
                cleaned.close();
            }
            assertHostsClean();
        } finally {
            crashed.close();
        }
        assertHostsClean();
    }

    private static SshCluster cluster(Path runDir, boolean forceClean) throws IOException {
        Files.createDirectories(runDir);
        var target = new SshTarget(lab.nodesFile(), lab.hosts(), "root", lab.keys(), null, null, forceClean);
        return new SshCluster(target, runDir, ServerJar.find(), List.of(), System.out);
    }

    /**
     * Looked at from the engine, not over SSH: no host has the rig's chain or a jump to it, no server
     * of the rig's jar runs, and no run folder is left.
     */
    private static void assertHostsClean() {
        for (int i = 1; i <= HOSTS; i++) {
            String state = dockerExec(
                    CONTAINER + i,
                    "iptables -w -S; echo ---; ps -eo args | grep '[r]aftkv-server.jar' || true; echo ---;"
                            + " ls /var/lib/raftkv-rig/runs 2>/dev/null || true");
            String[] parts = state.split("---\n", -1);
            assertFalse(parts[0].contains("RAFTKV"), CONTAINER + i + " has no rule of the rig: " + parts[0]);
            assertTrue(parts[1].isBlank(), CONTAINER + i + " runs no server: " + parts[1]);
            assertTrue(parts[2].isBlank(), CONTAINER + i + " holds no run folder: " + parts[2]);
        }
    }

    private static long firstOpMillis(Path dir) {
        try {
            var history = JsonlHistory.read(Files.readString(dir.resolve("history.jsonl")), "history.jsonl");
            return history.stream()
                            .filter(o -> !o.isNemesis())
                            .mapToLong(Op::time)
                            .min()
                            .orElse(-1)
                    / 1_000_000;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The run folder's history once it holds an operation. */
    private static Path awaitHistory(Path runs, Process rig, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            try (var dirs = Files.list(runs)) {
                for (Path d : dirs.filter(Files::isDirectory).toList()) {
                    Path h = d.resolve("history.jsonl");
                    if (Files.exists(h) && Files.size(h) > 0) {
                        return h;
                    }
                }
            }
            if (!rig.isAlive()) {
                fail("the rig exited with " + rig.exitValue() + " before its first operation: "
                        + Files.readString(runs.resolve("rig.log")));
            }
            Thread.sleep(50);
        }
        rig.destroyForcibly();
        fail("no operation within " + limit.toSeconds() + " s: " + Files.readString(runs.resolve("rig.log")));
        return null;
    }

    private static void awaitNemesisOp(Path history, Process rig, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (Files.readString(history).contains("\"process\":\"nemesis\"")) {
                return;
            }
            if (!rig.isAlive()) {
                fail("the rig exited before its first fault");
            }
            Thread.sleep(100);
        }
        fail("no fault within " + limit.toSeconds() + " s of the first operation");
    }

    private static String dockerExec(String container, String script) {
        try {
            Process p = new ProcessBuilder("docker", "exec", container, "sh", "-c", script)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail("docker exec " + container + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void exec(List<String> command, long timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command)
                    .directory(Runs.repoRoot().toFile())
                    .inheritIO()
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(command + " did not finish in " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                fail(command + " exited with " + p.exitValue());
            }
        } catch (IOException e) {
            fail("cannot run " + command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }
}
