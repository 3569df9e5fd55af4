package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.kv.Codec;
import io.raftkv.server.kv.Command;
import io.raftkv.server.kv.Result;
import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.HardState;
import io.raftkv.server.testing.MemoryNetwork;
import io.raftkv.server.testing.MemoryStorage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RaftNodeTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static NodeOptions single() {
        return new NodeOptions(
                "n1",
                Map.of("n1", "mem:1"),
                10,
                10,
                1,
                64,
                5000,
                100,
                NodeOptions.Unsafe.NONE,
                NodeOptions.DEFAULT_SNAPSHOT_THRESHOLD);
    }

    /** A disk whose fsync takes a few milliseconds, counting calls. */
    private static final class SlowStorage extends MemoryStorage {
        final AtomicInteger persists = new AtomicInteger();

        @Override
        public void persist(HardState hs, List<Entry> entries) {
            persists.incrementAndGet();
            try {
                Thread.sleep(5); // the simulated fsync latency, on the worker thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.persist(hs, entries);
        }
    }

    private <T> T await(Future<T> f) throws Exception {
        return f.await(20, TimeUnit.SECONDS);
    }

    private RaftNode startedLeader(io.raftkv.server.storage.RaftStorage storage) throws Exception {
        var network = new MemoryNetwork();
        var ctx = vertx.getOrCreateContext();
        RaftNode node = await(Future.<RaftNode>future(p -> ctx.runOnContext(v -> {
            RaftNode n = new RaftNode(vertx, single(), storage, network.transport(vertx, "n1"), null);
            n.recover().compose(v2 -> n.run()).map(n).onComplete(p);
        })));
        await(node.cluster().awaitLeader(10_000));
        return node;
    }

    @Test
    void proposalsArrivingDuringAnFsyncShareTheNextOne() throws Exception {
        SlowStorage storage = new SlowStorage();
        RaftNode node = startedLeader(storage);
        int before = storage.persists.get();
        List<Future<Applied>> writes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            writes.add(node.propose(Command.of(new Command.Put("k" + i, "v" + i))));
        }
        for (Future<Applied> w : writes) {
            assertEquals(Result.Written.class, await(w).result().getClass());
        }
        int fsyncs = storage.persists.get() - before;
        assertTrue(fsyncs < 100, "300 writes took " + fsyncs + " fsyncs");
        assertEquals("v299", await(node.get("k299")));
    }

    @Test
    void aLeaderRecordsItsOwnHttpAddressInTheCommittedMembership() throws Exception {
        // --peers gives n1 a raft address only; leading, it records its HTTP address through the log.
        var ctx = vertx.getOrCreateContext();
        RaftNode node = await(Future.<RaftNode>future(p -> ctx.runOnContext(v -> {
            RaftNode n = new RaftNode(
                            vertx, single(), new MemoryStorage(), new MemoryNetwork().transport(vertx, "n1"), null)
                    .httpAddress("127.0.0.1:8001");
            n.recover().compose(v2 -> n.run()).map(n).onComplete(p);
        })));
        assertEquals("n1", await(node.cluster().awaitReachableLeader(10_000)), "a leader reaches itself");
        io.raftkv.server.testing.Http.await(
                "n1's address in the committed membership",
                java.time.Duration.ofSeconds(10),
                () -> node.cluster().httpAddress("n1"),
                "127.0.0.1:8001"::equals);
        assertEquals("127.0.0.1:8001", node.cluster().membership().get("n1").http());
        assertEquals("mem:1", node.cluster().membership().get("n1").raft(), "its raft address from --peers");
    }

    @Test
    void restartReappliesCommittedEntriesBeforeTakingPart() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        storage.persist(
                new HardState(3, "n1", 2),
                List.of(
                        new Entry(3, 1, EntryType.NOOP, new byte[0]),
                        new Entry(3, 2, EntryType.NORMAL, Codec.encode(Command.of(new Command.Put("a", "1")))),
                        new Entry(3, 3, EntryType.NORMAL, Codec.encode(Command.of(new Command.Put("b", "2"))))));
        var ctx = vertx.getOrCreateContext();
        RaftNode node = await(Future.<RaftNode>future(p -> ctx.runOnContext(v -> {
            RaftNode n = new RaftNode(vertx, single(), storage, new MemoryNetwork().transport(vertx, "n1"), null);
            n.recover().map(n).onComplete(p);
        })));
        // Committed (index 2) is applied at once; index 3 waits for a leader to commit it.
        assertEquals("1", await(Future.<String>future(p -> ctx.runOnContext(v -> p.complete(node.staleGet("a"))))));
        assertNull(await(Future.<String>future(p -> ctx.runOnContext(v -> p.complete(node.staleGet("b"))))));
        await(node.run());
        await(node.cluster().awaitLeader(10_000));
        assertEquals("2", await(node.get("b")));
    }

    @Test
    void proposalOnAFollowerIsRefusedWithoutEffect() throws Exception {
        var network = new MemoryNetwork();
        var options = new NodeOptions(
                "n1",
                Map.of("n1", "mem:1", "n2", "mem:2"),
                10,
                10,
                1,
                64,
                5000,
                100,
                NodeOptions.Unsafe.NONE,
                NodeOptions.DEFAULT_SNAPSHOT_THRESHOLD);
        var ctx = vertx.getOrCreateContext();
        RaftNode node = await(Future.<RaftNode>future(p -> ctx.runOnContext(v -> {
            RaftNode n = new RaftNode(vertx, options, new MemoryStorage(), network.transport(vertx, "n1"), null);
            n.recover().compose(v2 -> n.run()).map(n).onComplete(p);
        })));
        // Alone of two, n1 can never win an election.
        Throwable failure = node.propose(Command.of(new Command.Put("k", "v")))
                .map(a -> (Throwable) null)
                .otherwise(e -> e)
                .await(10, TimeUnit.SECONDS);
        assertEquals(NodeException.Kind.NOT_LEADER, ((NodeException) failure).kind());
    }
}
