package io.raftkv.tester.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.run.RunSpec;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {

    private static RunSpec spec(String... args) {
        var cmd = new RunCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.spec();
    }

    @Test
    void snapshotThreshold_defaultsToZero_andAddsNoFlag() {
        RunSpec s = spec("--server-flags", "--unsafe-stale-reads");
        assertEquals(0, s.snapshotThreshold());
        assertEquals(List.of("--unsafe-stale-reads"), s.serverArgs());
        assertEquals(0L, s.describe("local").get("snapshot_threshold"));
    }

    @Test
    void snapshotThreshold_isPassedToEveryServer_andRecorded() {
        RunSpec s = spec("--snapshot-threshold=100", "--server-flags", "--unsafe-stale-reads");
        assertEquals(100, s.snapshotThreshold());
        assertEquals(List.of("--unsafe-stale-reads", "--snapshot-threshold", "100"), s.serverArgs());
        assertEquals(List.of("--unsafe-stale-reads"), s.serverFlags());
        assertEquals(100L, s.describe("docker").get("snapshot_threshold"));
    }

    @Test
    void negativeSnapshotThreshold_isRejectedNamingTheFlag() {
        var e = assertThrows(IllegalArgumentException.class, () -> spec("--snapshot-threshold", "-5"));
        assertTrue(e.getMessage().contains("--snapshot-threshold"), e.getMessage());
        assertTrue(e.getMessage().contains("-5"), e.getMessage());
    }

    @Test
    void snapshotThreshold_inBothPlaces_isRejected() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> spec("--snapshot-threshold", "50", "--server-flags", "--snapshot-threshold 70"));
        assertTrue(e.getMessage().contains("--snapshot-threshold"), e.getMessage());
        // Given only in --server-flags, it goes through as before.
        assertEquals(
                List.of("--snapshot-threshold", "70"),
                spec("--server-flags", "--snapshot-threshold 70").serverArgs());
    }

    @Test
    void badSnapshotThreshold_exitsThreeWithAMessage() {
        var err = new java.io.ByteArrayOutputStream();
        PrintStream saved = System.err;
        int code;
        var picocliErr = new StringWriter();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cl = Rig.commandLine();
            cl.setErr(new PrintWriter(picocliErr));
            code = cl.execute("run", "--snapshot-threshold=-1");
        } finally {
            System.setErr(saved);
        }
        assertEquals(3, code);
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("rig run: --snapshot-threshold must not be negative"),
                err.toString(StandardCharsets.UTF_8));

        var notANumber = new StringWriter();
        CommandLine cl = Rig.commandLine();
        cl.setErr(new PrintWriter(notANumber));
        assertEquals(3, cl.execute("run", "--snapshot-threshold=many"));
        assertTrue(notANumber.toString().contains("--snapshot-threshold"), notANumber.toString());
    }

    @Test
    void system_defaultsToRaftkv_andEtcdTakesSerializableReads() {
        RunSpec raftkv = spec();
        assertEquals("raftkv", raftkv.system());
        assertEquals("raftkv", raftkv.describe("local").get("system"));
        assertEquals("cas-register-partition-kill-pause", raftkv.folderName());

        RunSpec etcd =
                spec("--system", "etcd", "--etcd-serializable", "--nemesis", "partition", "--workload", "append");
        assertEquals("etcd", etcd.system());
        assertTrue(etcd.etcdSerializable());
        assertEquals(true, etcd.describe("local").get("etcd_serializable"));
        assertEquals("etcd-serializable-append-partition", etcd.folderName());
        assertEquals(
                "etcd-register-kill",
                spec("--system=etcd", "--workload=register", "--nemesis=kill").folderName());
    }

    @Test
    void etcdOptions_thatCannotApply_areRefusedWithAReason() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> spec("--system", "zookeeper"));
        assertEquals("unknown --system 'zookeeper'; known: raftkv, etcd", unknown.getMessage());

        var serializable = assertThrows(IllegalArgumentException.class, () -> spec("--etcd-serializable"));
        assertEquals("--etcd-serializable needs --system etcd, got --system raftkv", serializable.getMessage());

        var membership = assertThrows(
                IllegalArgumentException.class, () -> spec("--system", "etcd", "--nemesis", "partition,membership"));
        assertTrue(
                membership
                        .getMessage()
                        .startsWith("--nemesis membership changes membership through raftkv's own"
                                + " API; --system etcd cannot take it"),
                membership.getMessage());

        var snapshots = assertThrows(
                IllegalArgumentException.class, () -> spec("--system", "etcd", "--snapshot-threshold", "100"));
        assertTrue(snapshots.getMessage().contains("--snapshot-count 100"), snapshots.getMessage());

        // etcd's own flags go through --server-flags.
        assertEquals(
                List.of("--snapshot-count", "100"),
                spec("--system", "etcd", "--server-flags", "--snapshot-count 100")
                        .serverArgs());
    }
}
