package io.raftkv.server.node;

import io.raftkv.server.kv.Codec;
import io.raftkv.server.kv.Command;
import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.raft.Membership;
import io.raftkv.server.raft.Snapshot;
import io.raftkv.server.storage.SnapshotStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures a node's snapshot of a large map: the copy taken on the event loop, encoding, the fsynced
 * write, and loading it back (read, CRC check, decode into a new state machine), plus its size.
 * Each step runs {@code ROUNDS} times; the best and the last round are printed.
 *
 * <pre>
 * java -Xmx3g -cp server/target/raftkv-server.jar io.raftkv.server.node.SnapshotBench [KEYS] [VALUE_BYTES] [DIR] [ROUNDS]
 * </pre>
 *
 * KEYS defaults to 1,000,000, VALUE_BYTES to 100, DIR to a new temporary directory (deleted
 * afterwards; put it on the disk you care about), ROUNDS to 3.
 */
public final class SnapshotBench {
    private SnapshotBench() {}

    public static void main(String[] args) throws IOException {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int valueBytes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("raftkv-snapshot-bench");
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;

        int sessions = 10_000;
        KvStateMachine kv = new KvStateMachine(sessions);
        String value = "v".repeat(valueBytes);
        long t0 = System.nanoTime();
        for (int i = 0; i < keys; i++) {
            // Writes through client sessions, so the snapshot carries a full session table too.
            Command put = new Command("client-" + (i % sessions), i / sessions + 1, new Command.Put(key(i), value));
            kv.apply(i + 1, Codec.encode(put));
        }
        System.out.printf(
                "%,d keys of %d + %d bytes, %,d sessions, applied in %d ms; dir %s%n",
                keys, key(0).length(), valueBytes, kv.sessionCount(), ms(t0), dir);
        System.out.printf(
                "%6s %12s %10s %10s %10s %10s%n", "round", "bytes", "copy ms", "encode ms", "write ms", "load ms");
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 1, true);
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        long bytes = 0;
        for (int r = 1; r <= rounds; r++) {
            long a = System.nanoTime();
            KvStateMachine.Image image = kv.capture();
            long b = System.nanoTime();
            byte[] data = image.encode(Snapshot.header(Membership.ofVoters(List.of("n1", "n2", "n3"))));
            long c = System.nanoTime();
            store.save(new Snapshot(image.appliedIndex(), 1, data));
            long d = System.nanoTime();
            Snapshot loaded = store.loadLatest().orElseThrow();
            KvStateMachine restored = KvStateMachine.restore(loaded.data(), loaded.payloadOffset(), sessions);
            long e = System.nanoTime();
            if (restored.size() != keys || !value.equals(restored.get(key(keys - 1)))) {
                throw new IllegalStateException("the loaded snapshot differs from the map");
            }
            long[] times = {(b - a) / 1_000_000, (c - b) / 1_000_000, (d - c) / 1_000_000, (e - d) / 1_000_000};
            for (int i = 0; i < 4; i++) {
                best[i] = Math.min(best[i], times[i]);
            }
            bytes = data.length;
            System.out.printf("%6d %,12d %10d %10d %10d %10d%n", r, bytes, times[0], times[1], times[2], times[3]);
        }
        System.out.printf("%6s %,12d %10d %10d %10d %10d%n", "best", bytes, best[0], best[1], best[2], best[3]);
        if (args.length < 3) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String key(int i) {
        return String.format("key-%010d", i);
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
