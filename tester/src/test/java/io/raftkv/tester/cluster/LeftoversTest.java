package io.raftkv.tester.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.cluster.Leftovers.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoversTest {
    /** This JVM's pid with another start time: a rig that died and whose pid was given to us since. */
    private static final ProcessStamp DEAD_RIG =
            new ProcessStamp(ProcessStamp.thisBoot(), ProcessHandle.current().pid(), 0);

    private static final ProcessStamp LIVE_RIG = ProcessStamp.current();

    private final List<Process> children = new ArrayList<>();

    @TempDir
    Path runs;

    @AfterEach
    void stopChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void aServerWhoseRigDied_isFoundAndStopped_butOneOfARunInProgressIsLeftAlone() throws Exception {
        Process orphan = child();
        Process live = child();
        Path orphanFile = pidFile("20261201-100000-killed", "n1", orphan, DEAD_RIG);
        Path liveFile = pidFile("20261201-100500-running", "n1", live, LIVE_RIG);
        Files.createSymbolicLink(runs.resolve("latest"), Path.of("20261201-100000-killed"));

        Leftovers found = Leftovers.find(runs, noTools(), false);

        assertEquals(Map.of(Kind.SERVER, List.of("n1 pid " + orphan.pid())), found.byKind());
        assertEquals("run 20261201-100000-killed: 1 server process (n1 pid " + orphan.pid() + ")", found.describe());
        assertEquals(List.of(), found.clean());
        assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the orphan was stopped");
        assertFalse(Files.exists(orphanFile));
        assertTrue(live.isAlive());
        assertTrue(Files.exists(liveFile));
    }

    @Test
    void aPausedOrphan_isThawedAndStopped() throws Exception {
        Process orphan = child();
        pidFile("20261201-100000-killed", "n2", orphan, DEAD_RIG);
        assertEquals(
                0,
                new ProcessBuilder("kill", "-STOP", Long.toString(orphan.pid()))
                        .start()
                        .waitFor());

        assertEquals(List.of(), Leftovers.find(runs, Commands.system(10), false).clean());

        assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the paused orphan was stopped");
    }

    @Test
    void dockerResourcesOfAGoneOwner_areRemovedContainersFirst_andThoseOfALiveOwnerKept() {
        var engine = new FakeTools();
        engine.answer("docker ps", "c1|raftkv-n1-aa|" + DEAD_RIG + "|run-a\nc2|raftkv-n1-bb|" + LIVE_RIG + "|run-b\n");
        engine.answer("docker network ls", "net1|net-a|" + DEAD_RIG + "|run-a\nnet2|net-b|" + LIVE_RIG + "|run-b\n");
        engine.answer("docker volume ls", "vol1abcdef1234567|" + DEAD_RIG + "|run-a\nvol2|" + LIVE_RIG + "|run-b\n");

        Leftovers found = Leftovers.find(runs, engine, false);

        assertEquals("run run-a: 1 container (raftkv-n1-aa), 1 network, 1 volume", found.describe());
        engine.calls.clear();
        engine.fail("docker volume rm", "Error response from daemon: get vol1abcdef1234567: no such volume");
        assertEquals(List.of(), found.clean(), "a volume gone with its container is no failure");
        assertEquals(
                List.of(
                        "docker unpause c1",
                        "docker rm -f -v c1",
                        "docker network rm net1",
                        "docker volume rm vol1abcdef1234567"),
                engine.calls);
    }

    @Test
    void labelsNotWrittenByTheRig_areNotItsToJudge() {
        assertFalse(Leftovers.ownerGone("node"));
        assertFalse(Leftovers.ownerGone(LIVE_RIG.toString()));
        assertTrue(Leftovers.ownerGone(DEAD_RIG.toString()));
    }

    @Test
    void aHostChainWhoseJumpNamesAGoneRig_isUnhookedFlushedAndDeleted_othersAreLeftAlone() {
        var host = new FakeTools();
        host.answer("iptables -w -S", """
                -P INPUT ACCEPT
                -N DOCKER
                -N RAFTKV-ETCD
                -N RAFTKV-LIVE
                -N RAFTKV-X
                -A INPUT -m comment --comment "raftkv-owner=%s" -j RAFTKV-X
                -A INPUT -j RAFTKV-ETCD
                -A INPUT -m comment --comment raftkv-owner=%s -j RAFTKV-LIVE
                -A DOCKER -d 10.213.0.2/32 -j ACCEPT
                -A RAFTKV-X -s 10.213.0.3/32 -j DROP
                """.formatted(DEAD_RIG, LIVE_RIG));

        Leftovers found = Leftovers.find(runs, host, true);

        assertEquals(Map.of(Kind.CHAIN, List.of("RAFTKV-X")), found.byKind());
        host.calls.clear();
        assertEquals(List.of(), found.clean());
        assertEquals(
                List.of(
                        "iptables -w -S",
                        "iptables -w -D INPUT -m comment --comment raftkv-owner=" + DEAD_RIG + " -j RAFTKV-X",
                        "iptables -w -F RAFTKV-X",
                        "iptables -w -X RAFTKV-X"),
                host.calls);
    }

    @Test
    void nothingLeft_isEmpty() {
        assertTrue(Leftovers.find(runs, new FakeTools(), true).isEmpty());
    }

    private Process child() throws Exception {
        Process p = new ProcessBuilder("sleep", "300").start();
        children.add(p);
        return p;
    }

    private Path pidFile(String run, String node, Process server, ProcessStamp rig) throws Exception {
        Path nodes = Files.createDirectories(runs.resolve(run).resolve("nodes"));
        Path file = nodes.resolve(node + PidFile.SUFFIX);
        new PidFile(ProcessStamp.of(server.toHandle()).orElseThrow(), rig).write(file);
        return file;
    }

    private static Commands noTools() {
        return command -> new Commands.Result(-1, "", "not installed");
    }

    /** Answers "docker info" and the commands it was told to; everything else succeeds silently. */
    private static final class FakeTools implements Commands {
        final List<String> calls = new ArrayList<>();
        private final Map<String, String> answers = new java.util.HashMap<>();

        private final Map<String, String> failures = new java.util.HashMap<>();

        void answer(String prefix, String out) {
            answers.put(prefix, out);
        }

        void fail(String prefix, String err) {
            failures.put(prefix, err);
        }

        @Override
        public Result run(List<String> command) {
            String line = String.join(" ", command);
            calls.add(line);
            for (var f : failures.entrySet()) {
                if (line.startsWith(f.getKey())) {
                    return new Result(1, "", f.getValue());
                }
            }
            return answers.entrySet().stream()
                    .filter(a -> line.startsWith(a.getKey()))
                    .findFirst()
                    .map(a -> new Result(0, a.getValue(), ""))
                    .orElse(new Result(0, "", ""));
        }
    }
}
