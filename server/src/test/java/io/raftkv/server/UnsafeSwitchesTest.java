package io.raftkv.server;

import static io.raftkv.server.testing.Http.get;
import static io.raftkv.server.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftkv.server.node.NodeOptions.Unsafe;
import io.raftkv.server.testing.InProcessCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each unsafe switch really breaks the guarantee it names, and the safe default keeps it. */
class UnsafeSwitchesTest {
    private static final Duration ELECTION = Duration.ofSeconds(10);
    private static final String[] SESSION = {"X-Client-Id", "c1", "X-Request-Seq", "1"};

    private static int appendTwice(Unsafe unsafe) {
        try (var cluster = new InProcessCluster(1, 1024, 1024, unsafe).start()) {
            String url = cluster.url(cluster.awaitLeader(ELECTION));
            send("POST", url + "/kv/log/append", "x", SESSION);
            send("POST", url + "/kv/log/append", "x", SESSION);
            return get(url + "/kv/log").body().length();
        }
    }

    @Test
    void noSessionsAppliesRetriesAgain() {
        assertEquals(1, appendTwice(Unsafe.NONE));
        assertEquals(2, appendTwice(new Unsafe(false, false, false, true)));
    }

    /**
     * A write while no entry reaches any follower: it cannot commit, so the answer must not be ok.
     * Heartbeats still pass, so whichever node leads keeps leading however slow the machine is.
     */
    private static int writeThatCannotCommit(Unsafe unsafe) {
        try (var cluster = new InProcessCluster(3, 1024, 1024, unsafe).start()) {
            String leader = cluster.awaitLeader(ELECTION);
            cluster.network().dropEntries(null, null);
            var reply = send("PUT", cluster.url(leader) + "/kv/k", "v");
            return reply.status();
        }
    }

    @Test
    void ackBeforeCommitAnswersWritesThatNeverCommitted() {
        assertEquals(504, writeThatCannotCommit(Unsafe.NONE));
        assertEquals(200, writeThatCannotCommit(new Unsafe(false, true, false, false)));
    }

    /**
     * A linearizable read on a leader cut off from its followers: it cannot confirm leadership, and
     * once it steps down it knows no leader to ask. Either way (however long the request takes) the
     * safe answer is 503; with stale reads the node answers from its own map.
     */
    private static int readOnIsolatedLeader(Unsafe unsafe) {
        try (var cluster =
                new InProcessCluster(3, 1024, 1024, unsafe).tickMillis(100).start()) {
            String leader = cluster.awaitLeader(ELECTION);
            assertEquals(200, send("PUT", cluster.url(leader) + "/kv/k", "v").status());
            cluster.network().isolate(leader);
            return get(cluster.url(leader) + "/kv/k").status();
        }
    }

    @Test
    void staleReadsServeReadsWithoutConfirmingLeadership() {
        assertEquals(503, readOnIsolatedLeader(Unsafe.NONE));
        assertEquals(200, readOnIsolatedLeader(new Unsafe(true, false, false, false)));
    }

    /**
     * A linearizable read on a follower that missed the latest write. The follower still hears the
     * leader's heartbeats (only entries are dropped), so it knows whom to forward to however long the
     * test takes; generous ticks make a spurious election, which could make it leader, unlikely.
     */
    private static String readOnLaggingFollower(Unsafe unsafe) {
        try (var cluster =
                new InProcessCluster(3, 1024, 1024, unsafe).tickMillis(100).start()) {
            String leader = cluster.awaitLeader(ELECTION);
            String follower = cluster.ids().stream()
                    .filter(id -> !id.equals(leader))
                    .findFirst()
                    .orElseThrow();
            cluster.network().dropEntries(null, follower);
            assertEquals(200, send("PUT", cluster.url(leader) + "/kv/k", "new").status());
            return get(cluster.url(follower) + "/kv/k").body();
        }
    }

    @Test
    void staleReadsLetALaggingFollowerAnswer() {
        assertEquals("new", readOnLaggingFollower(Unsafe.NONE)); // forwarded to the leader
        assertEquals(
                "{\"error\":\"key not found\",\"key\":\"k\"}",
                readOnLaggingFollower(new Unsafe(true, false, false, false)));
    }
}
