package io.raftkv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.http.HttpOptions;
import io.raftkv.server.node.NodeOptions;
import io.raftkv.server.storage.StorageOptions;
import io.raftkv.server.transport.TransportOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the flags turn into; {@link Settings#from} reads nothing but the flags. */
class SettingsTest {
    private static final String OK = "--id n1 --peers n1=127.0.0.1:7001,n2=127.0.0.1:7002 --data /tmp/x";

    private static Flags flags(String args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args.trim().split("\\s+"));
        return main.flags;
    }

    private static Settings settings(String args) {
        return Settings.from(flags(args));
    }

    @Test
    void flagsParseIntoOptions() {
        Settings s =
                settings(OK + " --http 127.0.0.1:9001 --unsafe-no-fsync --max-value-bytes 100 --snapshot-threshold 7");
        assertEquals("n1", s.node().id());
        assertEquals(
                Map.of("n1", "127.0.0.1:7001", "n2", "127.0.0.1:7002"), s.node().peers());
        assertEquals(9001, s.http().port());
        assertEquals("127.0.0.1:9001", s.http().address());
        assertEquals(100, s.http().maxValueBytes());
        assertTrue(s.node().unsafe().noFsync());
        assertFalse(s.storage().fsync(), "--unsafe-no-fsync reaches the storage");
        assertFalse(s.node().unsafe().staleReads());
        assertEquals(7, s.node().snapshotThreshold());
        assertEquals(Path.of("/tmp/x"), s.data());
        assertNull(s.clusterSecretFile(), "no secret unless one is given");
        assertEquals(
                Path.of("/etc/raftkv/secret"),
                settings(OK + " --cluster-secret-file /etc/raftkv/secret").clusterSecretFile());
    }

    @Test
    void defaultsAreTheOptionsRecordsOwn() {
        Settings s = settings(OK);
        assertEquals(NodeOptions.DEFAULT_TICK_MILLIS, s.node().tickMillis());
        assertEquals(NodeOptions.DEFAULT_ELECTION_TICKS, s.node().electionTicks());
        assertEquals(NodeOptions.DEFAULT_HEARTBEAT_TICKS, s.node().heartbeatTicks());
        assertEquals(NodeOptions.DEFAULT_REQUEST_TIMEOUT_MILLIS, s.node().requestTimeoutMillis());
        assertEquals(NodeOptions.DEFAULT_MAX_SESSIONS, s.node().maxSessions());
        assertEquals(NodeOptions.DEFAULT_SNAPSHOT_THRESHOLD, s.node().snapshotThreshold());
        assertEquals(NodeOptions.Unsafe.NONE, s.node().unsafe());
        assertEquals(
                HttpOptions.DEFAULT_LISTEN, s.http().host() + ":" + s.http().port());
        assertEquals(HttpOptions.DEFAULT_MAX_KEY_BYTES, s.http().maxKeyBytes());
        assertEquals(HttpOptions.DEFAULT_MAX_VALUE_BYTES, s.http().maxValueBytes());
        assertEquals(HttpOptions.DEFAULT_HEADER_TIMEOUT_MILLIS, s.http().headerTimeoutMillis());
        assertEquals(HttpOptions.DEFAULT_LEADER_WAIT_MILLIS, s.http().leaderWaitMillis());
        assertEquals(StorageOptions.DEFAULT, s.storage());
    }

    @Test
    void aFollowerWaitsForAForwardedRequestLongerThanTheLeaderForItsCommit() {
        Settings s = settings(OK + " --request-timeout-ms 1234");
        assertEquals(1234 + HttpOptions.FORWARD_MARGIN_MILLIS, s.http().forwardTimeoutMillis());
    }

    @Test
    void aBatchOfMaximalEntriesFitsHalfAFrame() {
        int frame = TransportOptions.DEFAULT.maxFrameBytes();
        assertEquals(NodeOptions.DEFAULT_MAX_BATCH_ENTRIES, Settings.batchEntries(16, 16, frame), "small entries");
        int big = HttpOptions.MAX_LIMIT_BYTES;
        int batch = Settings.batchEntries(1024, big, frame);
        assertTrue(batch >= 1 && batch * (2L * big + 1024 + 1024) <= frame / 2, "batch " + batch);
        assertEquals(1, Settings.batchEntries(1024, big, 1024), "never below one");
        assertEquals(
                Settings.batchEntries(1024, 1 << 20, frame),
                settings(OK + " --max-value-bytes 1048576").node().maxBatchEntries());
    }

    @Test
    void theRaftListenAddressDefaultsToThePeersEntryAndIsWhatTheTransportBindsForThisNode() {
        Settings s = settings(OK);
        assertEquals("127.0.0.1:7001", s.raftListen());
        Settings wildcard = settings(OK + " --raft 0.0.0.0:7001");
        assertEquals("0.0.0.0:7001", wildcard.raftListen());
        assertEquals(
                Map.of("n1", "0.0.0.0:7001", "n2", "127.0.0.1:7002"),
                wildcard.transportPeers(),
                "others at their --peers entries, this node at its listen address");
        assertEquals(
                Map.of("n1", "127.0.0.1:7001", "n2", "127.0.0.1:7002"),
                wildcard.node().peers());
    }

    @Test
    void wildcardHttpAdvertisesThePeerHost() {
        Settings s =
                settings("--id n1 --peers n1=n1:7000,n2=n2:7000 --data /tmp/x --http 0.0.0.0:8080 --raft 0.0.0.0:7000");
        assertEquals("n1:8080", s.http().address());
        assertEquals("0.0.0.0", s.http().host());
        assertEquals(
                "h:9",
                settings(OK + " --http 0.0.0.0:8080 --advertise-http h:9")
                        .http()
                        .address());
    }

    @Test
    void withoutPeersOrJoinANodeStartsAOneNodeCluster() {
        Settings s = settings("--id a --raft 127.0.0.1:7001 --data /tmp/x");
        assertEquals(Map.of("a", "127.0.0.1:7001"), s.node().peers());
        assertNull(s.join());
        Settings advertised = settings("--id a --raft 0.0.0.0:7001 --advertise-raft a.example:7001 --data /tmp/x");
        assertEquals(Map.of("a", "a.example:7001"), advertised.node().peers());
        assertEquals(Map.of("a", "0.0.0.0:7001"), advertised.transportPeers());
    }

    @Test
    void joinStartsWithNoMembersAndAnnouncesTheAdvertisedAddresses() {
        Settings s = settings("--id b --raft 0.0.0.0:7002 --advertise-raft host-b:7002 --http 0.0.0.0:8002"
                + " --join host-a:8001 --data /tmp/x");
        assertEquals(Map.of(), s.node().peers());
        assertEquals(new ServerVerticle.Join("host-a:8001", "host-b:7002", "host-b:8002"), s.join());
    }

    @Test
    void theFlagsAreLeftAsGiven() {
        Flags f = flags("--id n1 --peers n1=127.0.0.1:7001 --data /tmp/x");
        Settings.from(f);
        assertNull(f.raft, "--raft stays unset; the listen address is the settings'");
        assertEquals(
                Settings.from(flags("--id n1 --peers n1=127.0.0.1:7001 --data /tmp/x")),
                Settings.from(f),
                "flags read once before give the same settings as fresh ones");
    }

    @Test
    void limitsAboveTheCeilingAreRefused() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> settings(OK + " --max-value-bytes " + (HttpOptions.MAX_LIMIT_BYTES + 1)));
        assertTrue(e.getMessage().startsWith("--max-value-bytes must be at most"), e.getMessage());
    }

    @Test
    void headerTimeoutIsAPositiveFlagAndIdleConnectionsOutwaitEveryRequest() {
        Settings s = settings(OK + " --http-header-timeout-ms 2500");
        assertEquals(2500, s.http().headerTimeoutMillis());
        // A request that waits in silence for a leader and then its answer is not cut off as idle.
        assertTrue(s.http().idleTimeoutMillis()
                > s.http().leaderWaitMillis() + s.http().forwardTimeoutMillis());
        var e = assertThrows(IllegalArgumentException.class, () -> settings(OK + " --http-header-timeout-ms 1999"));
        assertTrue(e.getMessage().startsWith("--http-header-timeout-ms"), e.getMessage());
    }

    @Test
    void httpsNeedsACertificateAndItsKeyTogether() {
        assertEquals(null, settings(OK).http().tls(), "plain HTTP by default");
        Settings s = settings(OK + " --http-tls-cert c.pem --http-tls-key k.pem --http-tls-ca ca.pem");
        assertEquals(java.nio.file.Path.of("c.pem"), s.http().tls().cert());
        assertEquals(java.nio.file.Path.of("ca.pem"), s.http().tls().ca());
        for (String half : List.of(" --http-tls-cert c.pem", " --http-tls-key k.pem", " --http-tls-ca ca.pem")) {
            var e = assertThrows(IllegalArgumentException.class, () -> settings(OK + half));
            assertTrue(e.getMessage().startsWith("--http-tls-cert and --http-tls-key go together"), e.getMessage());
        }
    }
}
