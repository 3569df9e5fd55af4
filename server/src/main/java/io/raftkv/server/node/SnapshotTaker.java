package io.raftkv.server.node;

import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.raft.Membership;
import io.raftkv.server.raft.RaftCore;
import io.raftkv.server.raft.Snapshot;
import io.raftkv.server.storage.RaftStorage;
import io.vertx.core.Context;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the node's snapshots (§7) when its {@link SnapshotPolicy} says one is due. Only a capture of
 * the state is taken on the event loop, without copying the map ({@link KvStateMachine#capture()});
 * encoding and the fsynced write run on a worker, concurrently with log writes and further applies.
 * Once the file is durable, the core drops what it covers, and the stored log what the oldest
 * snapshot kept covers. A write that fails stops the node, as a failed log write does.
 */
final class SnapshotTaker {
    private static final Logger log = LoggerFactory.getLogger(SnapshotTaker.class);

    private final Context context;
    private final SnapshotFiles files;
    private final RaftStorage storage;
    private final SnapshotPolicy policy;
    private final Consumer<Throwable> storageFailed;

    /**
     * @param storageFailed called on the node's context when a snapshot cannot be written: the node
     *     must stop, since after a failed fsync what is durable is unknown
     */
    SnapshotTaker(
            Context context,
            SnapshotFiles files,
            RaftStorage storage,
            SnapshotPolicy policy,
            Consumer<Throwable> storageFailed) {
        this.context = context;
        this.files = files;
        this.storage = storage;
        this.policy = policy;
        this.storageFailed = storageFailed;
    }

    /**
     * Starts a snapshot of {@code kv} if one is due. {@code appliedTerm} is the term of the entry at
     * {@code kv.appliedIndex()}; once the write ends, nothing more happens if {@code stopped} holds.
     * Call on the node's context.
     */
    void maybeTake(RaftCore core, KvStateMachine kv, long appliedTerm, BooleanSupplier stopped) {
        long applied = kv.appliedIndex();
        if (!policy.due(applied) || kv.folding()) {
            // Or the writes made during the previous snapshot are still folding back into the map: a
            // capture now would copy them. Each applied entry folds a few.
            return;
        }
        Membership membership = core.membershipAt(applied);
        if (membership.isEmpty()) {
            return; // joining, and the membership it joins is not applied yet: nothing true to record
        }
        policy.writing();
        long started = System.nanoTime();
        KvStateMachine.Image image = kv.capture();
        long captured = System.nanoTime();
        context.executeBlocking(() -> files.write(image, appliedTerm, membership), false)
                .onComplete(ar -> {
                    image.release();
                    if (ar.failed()) {
                        // Not retried: a failed fsync may have dropped pages that a later fsync of
                        // the same files would then claim durable (the log's and the snapshots'
                        // directories included), so the node stops, as it does when its log fails.
                        log.error("could not write the snapshot at index {}", applied, ar.cause());
                        policy.failed(applied);
                        storageFailed.accept(ar.cause());
                        return;
                    }
                    Snapshot snapshot = ar.result();
                    int data = snapshot.data().length;
                    log.info(
                            "took snapshot at index {}: {} keys, {} bytes, capture {} us, encode and write {} ms",
                            applied,
                            image.size(),
                            data,
                            (captured - started) / 1_000,
                            (System.nanoTime() - captured) / 1_000_000);
                    if (stopped.getAsBoolean() || !policy.written(applied, data)) {
                        return; // stopping, or a leader's newer snapshot was installed meanwhile
                    }
                    core.compact(snapshot);
                    // Ordered with the log's own writes: the storage has one caller at a time. The
                    // stored log keeps what follows the oldest snapshot kept, the fallback if the
                    // newest is ever found damaged.
                    context.executeBlocking(
                                    () -> {
                                        storage.compact(files.compactableIndex());
                                        return null;
                                    },
                                    true)
                            .onFailure(e -> log.error("could not compact the log after snapshot {}", applied, e));
                });
    }
}
