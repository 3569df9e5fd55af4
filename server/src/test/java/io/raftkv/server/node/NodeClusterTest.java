package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.HardState;
import io.raftkv.server.raft.Message;
import io.raftkv.server.raft.RaftConfig;
import io.raftkv.server.raft.RaftCore;
import io.raftkv.server.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeClusterTest {
    private final Vertx vertx = Vertx.vertx();
    private final ManualTimers timers = new ManualTimers();
    // Two voters and nobody else running: this node never learns of a leader.
    private final RaftCore core =
            new RaftCore(RaftConfig.of("n1", List.of("n1", "n2")), HardState.EMPTY, List.of(), new Random(1));
    private final RecordingTransport transport = new RecordingTransport();
    private final NodeLoop loop = new NodeLoop(vertx.getOrCreateContext(), () -> core, () -> false, () -> {});
    private final NodeCluster cluster =
            new NodeCluster(loop, transport, Map.of("n1", "h1:7001", "n2", "h2:7002"), timers);

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** Remembers where it was told to dial. */
    private static final class RecordingTransport implements Transport {
        final List<Map<String, String>> setPeers = new ArrayList<>();

        @Override
        public Future<Void> start() {
            return Future.succeededFuture();
        }

        @Override
        public void send(Message message) {}

        @Override
        public void handler(Consumer<Message> handler) {}

        @Override
        public void setPeers(Map<String, String> raftAddresses) {
            setPeers.add(raftAddresses);
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    }

    @Test
    void progressPointsTheTransportAtTheMembersOncePerMembership() {
        cluster.progress(core);
        cluster.progress(core);
        assertEquals(List.of(Map.of("n1", "h1:7001", "n2", "h2:7002")), transport.setPeers);
        assertTrue(cluster.membership().isVoter("n2"));
        assertNull(cluster.httpAddress("n2"), "no HTTP address is recorded for n2");
    }

    @Test
    void awaitingALeaderThatNeverComesFailsUnavailableAtTheTimeout() throws Exception {
        Future<String> leader = cluster.awaitLeader(500);
        loop.on(() -> Future.succeededFuture()).await(10, TimeUnit.SECONDS); // the wait is registered by now
        assertEquals(false, leader.isComplete());
        loop.on(() -> {
                    timers.fireAll();
                    return Future.succeededFuture();
                })
                .await(10, TimeUnit.SECONDS);
        Throwable e = leader.transform(ar -> Future.succeededFuture(ar.cause())).await(10, TimeUnit.SECONDS);
        assertEquals(NodeException.Kind.UNAVAILABLE, ((NodeException) e).kind());
    }

    @Test
    void leadershipGoesOnlyToAVoter() {
        cluster.progress(core);
        assertThrows(IllegalArgumentException.class, () -> cluster.transferLeadership("n9", 100));
    }

    @Test
    void aTransferOnANodeThatDoesNotLeadFailsNotLeader() throws Exception {
        cluster.progress(core);
        Throwable e = cluster.transferLeadership("n2", 100)
                .transform(ar -> Future.succeededFuture(ar.cause()))
                .await(10, TimeUnit.SECONDS);
        assertEquals(NodeException.Kind.NOT_LEADER, ((NodeException) e).kind());
    }
}
