package io.raftkv.tester.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeLogCountsTest {
    @TempDir
    Path dir;

    // Lines as the server writes them (RaftNode, logback pattern of server/src/main/resources).
    private static final String N1 = """
            12:00:01.001 INFO  RaftNode - became leader in term 2
            12:00:02.120 INFO  RaftNode - took snapshot at index 100: 40 keys, 812 bytes, copy 0 ms, encode and write 3 ms
            12:00:03.240 INFO  RaftNode - took snapshot at index 200: 41 keys, 830 bytes, copy 0 ms, encode and write 2 ms
            """;
    // n2 was killed mid-line, restarted, and caught up from the leader's snapshot.
    private static final String N2 = "12:00:02.121 INFO  RaftNode - took snapshot at index 100: 40 keys, 812 bytes\n"
            + "12:00:02.500 INFO  RaftNode - took snap\u00e9"
            + "\n12:00:09.000 INFO  Main - raftkv node n2 started\n"
            + "12:00:09.100 INFO  RaftNode - became leader in term 5\n"
            + "12:00:09.300 INFO  RaftNode - installed the leader's snapshot Snapshot[700@3 900B]\n"
            + "12:00:10.400 INFO  RaftNode - took snapshot at index 800: 44 keys, 900 bytes, copy 0 ms\n";

    @Test
    void countsSnapshotsAndElectionsOverAllNodeLogs() throws Exception {
        Files.writeString(dir.resolve("n1.log"), N1);
        byte[] n2 = N2.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // Cut the multi-byte character in half, as a SIGKILL can.
        int cut = N2.indexOf('\u00e9') + 1;
        byte[] broken = new byte[n2.length - 1];
        System.arraycopy(n2, 0, broken, 0, cut);
        System.arraycopy(n2, cut + 1, broken, cut, n2.length - cut - 1);
        Files.write(dir.resolve("n2.log"), broken);
        Files.writeString(dir.resolve("n3.log"), "");
        Files.writeString(dir.resolve("notes.txt"), "took snapshot at index 1: not a node log\n");

        NodeLogCounts counts = NodeLogCounts.fromLogs(dir);
        assertEquals(new NodeLogCounts(4, 1, 2, 3), counts);
        assertEquals(1, counts.leaderChanges(), "n2 took over from n1");
    }

    @Test
    void countsEtcdElections() throws Exception {
        // As etcd 3.4 writes them with --logger zap.
        Files.writeString(dir.resolve("n1.log"), """
                {"level":"info","ts":"2026-12-01T09:02:23.270Z","caller":"raft/raft.go:765","msg":"d98a3e73af7c81e became leader at term 2"}
                {"level":"info","ts":"2026-12-01T09:02:23.278Z","caller":"raft/node.go:327","msg":"raft.node: d98a3e73af7c81e elected leader d98a3e73af7c81e at term 2"}
                """);
        Files.writeString(dir.resolve("n2.log"), """
                {"level":"info","ts":"2026-12-01T09:02:33.901Z","caller":"raft/raft.go:765","msg":"a6ebe380c7cb3942 became leader at term 3"}
                """);
        NodeLogCounts counts = NodeLogCounts.fromLogs(dir);
        assertEquals(new NodeLogCounts(0, 0, 2, 2), counts);
        assertEquals(1, counts.leaderChanges());
    }

    @Test
    void noLogs_meansUnknown() {
        assertEquals(NodeLogCounts.NONE, NodeLogCounts.fromLogs(dir));
        assertEquals(NodeLogCounts.NONE, NodeLogCounts.fromLogs(dir.resolve("missing")));
    }
}
