package io.raftkv.tester.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.system.RaftkvSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeProcessesTest {
    @TempDir
    Path dir;

    private NodeProcesses processes;

    private NodeProcesses processes() {
        processes = new NodeProcesses(dir, RaftkvSystem.INSTANCE, "node");
        processes.createDirectories(List.of("n1"));
        return processes;
    }

    @AfterEach
    void stop() {
        if (processes != null) {
            processes.stopAll();
        }
    }

    @Test
    void aRunningNode_hasAPidFileNamingItAndThisRig_untilItIsKilled() throws Exception {
        var p = processes();
        p.launch("n1", List.of("sleep", "30"));
        Path pidFile = dir.resolve("nodes/n1.pid");

        assertTrue(p.isRunning("n1"));
        PidFile written = PidFile.read(pidFile);
        assertTrue(written.server().isAlive());
        assertEquals(ProcessStamp.current(), written.rig());

        p.kill("n1");
        assertFalse(p.isRunning("n1"));
        assertFalse(written.server().isAlive());
        assertFalse(Files.exists(pidFile));
    }

    @Test
    void aNodeThatExits_isReported_andOnlyItsOutputSinceTheLastLaunchCounts() throws Exception {
        var p = processes();
        p.launch("n1", List.of("sh", "-c", "echo Address already in use; exit 3"));
        awaitExit(p);
        assertTrue(p.loggedSinceLaunch("n1", "Address already in use"));
        assertEquals("node n1 exited with 3; see " + dir.resolve("nodes/n1.log"), p.exitMessage("n1"));

        p.launch("n1", List.of("sh", "-c", "echo something else; exit 4"));
        awaitExit(p);
        assertFalse(p.loggedSinceLaunch("n1", "Address already in use"));
        assertEquals(
                List.of("Address already in use", "something else"), Files.readAllLines(dir.resolve("nodes/n1.log")));

        Path collected = dir.resolve("collected");
        p.collectLogs(List.of("n1"), collected);
        assertEquals(Files.readString(dir.resolve("nodes/n1.log")), Files.readString(collected.resolve("n1.log")));
    }

    @Test
    void aNodeThatStoppedItself_saysWhy_andIsLaunchedAgainOnItsData() throws Exception {
        var p = processes();
        String why = "12:00:01.000 ERROR Main - could not start: /d/n1/1.wal at offset 5: record checksum mismatch";
        p.launch(
                "n1",
                List.of(
                        "sh",
                        "-c",
                        "echo '12:00:00.000 ERROR ConnectionBase - Connection reset'; echo '" + why + "'; exit 1"));
        awaitExit(p);
        assertEquals(Optional.of(why), p.whyStoppedSinceLaunch("n1"), "the line that says why, not noise");

        p.launch("n1", List.of("sleep", "30"));
        assertTrue(p.isRunning("n1"), "launched again after it exited by itself");
        assertEquals(Optional.empty(), p.whyStoppedSinceLaunch("n1"), "only output since the last launch");
    }

    private static void awaitExit(NodeProcesses p) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (p.exited().isEmpty()) {
            assertTrue(System.nanoTime() < end, "n1 did not exit within 10 s");
            Thread.sleep(10);
        }
    }
}
