package io.raftkv.server.storage;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures fsynced appends per second for batches of 1, 16 and 256 entries: each {@code persist}
 * call is one group commit (one fsync), so larger batches amortize it. Prints persist calls (=
 * fsyncs) per second, entries per second and log bytes per second.
 *
 * <pre>
 * java -cp server/target/raftkv-server.jar io.raftkv.server.storage.StorageBench [DIR] [ENTRY_BYTES] [SECONDS]
 * </pre>
 *
 * DIR defaults to a new temporary directory (deleted afterwards; put it on the disk you care about),
 * ENTRY_BYTES to 100, SECONDS per batch size to 3.
 */
public final class StorageBench {
    private StorageBench() {}

    public static void main(String[] args) throws IOException {
        Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("raftkv-bench");
        int entryBytes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 3;
        System.out.printf("dir %s, %d-byte entries, %.1f s per batch size%n", base, entryBytes, seconds);
        System.out.printf("%8s %12s %12s %10s%n", "batch", "persists/s", "entries/s", "MiB/s");
        for (int batch : new int[] {1, 16, 256}) {
            Path dir = base.resolve("batch-" + batch);
            run(dir, batch, entryBytes, (long) (seconds * 1e9));
            deleteRecursively(dir);
        }
        if (args.length == 0) {
            deleteRecursively(base);
        }
    }

    private static void run(Path dir, int batch, int entryBytes, long nanos) throws IOException {
        byte[] data = new byte[entryBytes];
        long calls = 0;
        long index = 1;
        try (FileRaftStorage s = new FileRaftStorage(dir, StorageOptions.DEFAULT)) {
            s.load();
            long start = System.nanoTime();
            long elapsed;
            do {
                List<Entry> entries = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    entries.add(new Entry(1, index++, EntryType.NORMAL, data));
                }
                s.persist(new HardState(1, "n1", index - batch), entries);
                calls++;
                elapsed = System.nanoTime() - start;
            } while (elapsed < nanos);
            double secs = elapsed / 1e9;
            long total = index - 1;
            System.out.printf(
                    "%8d %12.0f %12.0f %10.2f%n",
                    batch,
                    calls / secs,
                    total / secs,
                    total
                            * (double) (WalRecord.FRAME_BYTES + WalRecord.FIXED_PAYLOAD_BYTES + entryBytes)
                            / secs
                            / (1 << 20));
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
