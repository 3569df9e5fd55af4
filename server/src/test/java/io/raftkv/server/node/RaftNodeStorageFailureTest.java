package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.kv.Command;
import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.HardState;
import io.raftkv.server.storage.RaftStorage;
import io.raftkv.server.storage.SnapshotStore;
import io.raftkv.server.testing.MemoryNetwork;
import io.raftkv.server.testing.MemoryStorage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose storage fails (an fsync answering EIO, a full disk) stops itself and calls its fatal
 * handler, and acknowledges nothing that the failed write covered: after a failed fsync, what is
 * durable is unknown (the kernel may have dropped the dirty pages), so no later write can be trusted
 * to have made it durable.
 */
class RaftNodeStorageFailureTest {
    private final Vertx vertx = Vertx.vertx();

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static NodeOptions single(long snapshotThreshold) {
        return new NodeOptions(
                "n1", Map.of("n1", "mem:1"), 10, 10, 1, 64, 5000, 100, NodeOptions.Unsafe.NONE, snapshotThreshold);
    }

    /** A log and hard state whose next persist fails once armed, as an fsync answering EIO does. */
    private static final class FailingStorage extends MemoryStorage {
        volatile boolean fail;

        @Override
        public void persist(HardState hs, List<Entry> entries) {
            if (fail) {
                throw new UncheckedIOException(new java.io.IOException("fsync: Input/output error"));
            }
            super.persist(hs, entries);
        }
    }

    private <T> T await(Future<T> f) throws Exception {
        return f.await(20, TimeUnit.SECONDS);
    }

    private RaftNode startedLeader(
            RaftStorage storage, SnapshotStore snapshots, long threshold, CompletableFuture<Void> fatal)
            throws Exception {
        var ctx = vertx.getOrCreateContext();
        RaftNode node = await(Future.<RaftNode>future(p -> ctx.runOnContext(v -> {
            RaftNode n = new RaftNode(
                            vertx, single(threshold), storage, new MemoryNetwork().transport(vertx, "n1"), snapshots)
                    .onFatal(() -> fatal.complete(null));
            n.recover().compose(v2 -> n.run()).map(n).onComplete(p);
        })));
        await(node.cluster().awaitLeader(10_000));
        return node;
    }

    @Test
    void aFailedPersistOfTheLogAndHardState_stopsTheNode_withoutAcknowledgingTheWrite() throws Exception {
        var storage = new FailingStorage();
        var fatal = new CompletableFuture<Void>();
        RaftNode node = startedLeader(storage, null, 0, fatal);
        await(node.propose(Command.of(new Command.Put("k", "before"))));
        long stored = storage.load().entries().getLast().index();

        storage.fail = true;
        Future<Applied> write = node.propose(Command.of(new Command.Put("k", "lost")));

        fatal.get(10, TimeUnit.SECONDS);
        var outcome = await(write.<io.vertx.core.AsyncResult<Applied>>transform(Future::succeededFuture));
        assertTrue(outcome.failed(), "the write was not acknowledged");
        NodeException failed = assertInstanceOf(
                NodeException.class, outcome.cause(), outcome.cause().toString());
        assertEquals(NodeException.Kind.INDETERMINATE, failed.kind(), failed.toString());
        assertEquals(stored, storage.load().entries().getLast().index(), "nothing more was stored");
    }

    @Test
    void aFailedSnapshotWrite_stopsTheNode() throws Exception {
        Path snapshotDir = dir.resolve("snapshots");
        var snapshots = new SnapshotStore(snapshotDir, 2, true);
        var fatal = new CompletableFuture<Void>();
        RaftNode node = startedLeader(new MemoryStorage(), snapshots, 5, fatal);
        Files.delete(snapshotDir); // every write of a snapshot fails from now on

        List<Future<Applied>> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            writes.add(node.propose(Command.of(new Command.Put("k" + i, "v"))));
        }

        fatal.get(10, TimeUnit.SECONDS);
        assertTrue(Files.notExists(snapshotDir), "no snapshot was written");
    }
}
