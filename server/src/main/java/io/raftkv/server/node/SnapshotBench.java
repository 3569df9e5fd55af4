package io.raftkv.server.node;

import io.raftkv.server.kv.Codec;
import io.raftkv.server.kv.Command;
import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.raft.Membership;
import io.raftkv.server.raft.Snapshot;
import io.raftkv.server.storage.SnapshotStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Measures a node's snapshot of a large map: the capture taken on the event loop, encoding, the
 * fsynced write, and loading it back (read, CRC check, decode into a new state machine), plus its
 * size; and what one put costs the state machine, with and without a snapshot being written. Each
 * step runs {@code ROUNDS} times; every round, the median and the best are printed. The capture
 * figure is itself the median of 21 captures in a row.
 *
 * <pre>
 * ./mvnw -B -q -o -pl server package -DskipTests
 * java -Xmx3g -cp server/target/raftkv-server.jar io.raftkv.server.node.SnapshotBench [KEYS,...] [VALUE_BYTES] [DIR] [ROUNDS]
 * </pre>
 *
 * KEYS is one count or several separated by commas, each measured on its own map (default
 * 100,000,1,000,000 as {@code 100000,1000000}); VALUE_BYTES defaults to 100, DIR to a new temporary
 * directory (deleted afterwards; put it on the disk you care about), ROUNDS to 5.
 *
 * <p>The put figures are the CPU time of applying pre-encoded puts without a session (decoding and
 * the map's work): "fill" puts new keys into the growing map, "put cpu ns" puts random existing
 * keys, and "capturing" does the same while a captured snapshot is still open (the next round's
 * puts then also fold those writes back). Capture, encode, write and load are wall times.
 */
public final class SnapshotBench {
    private static final int SESSIONS = 10_000;
    private static final int CLIENTS = 5 * SESSIONS;
    private static final int OVERWRITES = 200_000;
    private static final int CAPTURES = 21;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private SnapshotBench() {}

    public static void main(String[] args) throws IOException {
        int[] counts = Arrays.stream((args.length > 0 ? args[0] : "100000,1000000").split(","))
                .mapToInt(s -> Integer.parseInt(s.strip()))
                .toArray();
        int valueBytes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("raftkv-snapshot-bench");
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        try {
            for (int keys : counts) {
                run(keys, valueBytes, dir.resolve("snapshots-" + keys), rounds);
            }
        } finally {
            if (args.length < 3) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static void run(int keys, int valueBytes, Path dir, int rounds) throws IOException {
        String value = "v".repeat(valueBytes);
        // Half the keys through the sessions of five times as many clients as the table holds, so
        // the snapshot carries full tables of live and of expired sessions too.
        byte[][] fill = new byte[keys][];
        for (int i = 0; i < keys; i++) {
            Command.Put put = new Command.Put(key(i), value);
            fill[i] = Codec.encode(
                    i % 2 == 0
                            ? new Command("client-" + (i / 2 % CLIENTS), i / (2 * CLIENTS) + 1, put)
                            : Command.of(put));
        }
        KvStateMachine kv = new KvStateMachine(SESSIONS);
        long t0 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < keys; i++) {
            kv.apply(i + 1, fill[i]);
        }
        double fillNs = (double) (CPU.getCurrentThreadCpuTime() - t0) / keys;
        fill = null;
        Random random = new Random(42);
        byte[][] overwrites = new byte[OVERWRITES][];
        for (int i = 0; i < OVERWRITES; i++) {
            overwrites[i] = Codec.encode(Command.of(new Command.Put(key(random.nextInt(keys)), value)));
        }
        System.out.printf(
                "%n%,d keys of %d + %d bytes, %,d sessions of %,d clients; fill %.0f cpu ns/put; dir %s%n",
                keys, key(0).length(), valueBytes, kv.sessionCount(), CLIENTS, fillNs, dir);
        System.out.printf(
                "%6s %12s %10s %10s %10s %10s %14s %14s%n",
                "round", "bytes", "capture ms", "encode ms", "write ms", "load ms", "put cpu ns", "capturing");
        SnapshotStore store = new SnapshotStore(dir, 1, true);
        double[][] figures = new double[7][rounds];
        for (int r = 0; r < rounds; r++) {
            double putNs = overwrite(kv, overwrites);
            // Captures are short next to the scheduler's noise: the median of several, all but the
            // last released at once.
            double[] captures = new double[CAPTURES];
            KvStateMachine.Image image = null;
            for (int i = 0; i < CAPTURES; i++) {
                if (image != null) {
                    image.release();
                }
                long a = System.nanoTime();
                image = kv.capture();
                captures[i] = ms(System.nanoTime() - a);
            }
            double capturingNs = overwrite(kv, overwrites);
            long c0 = System.nanoTime();
            byte[] data = image.encode(Snapshot.header(Membership.ofVoters(List.of("n1", "n2", "n3"))));
            long c = System.nanoTime();
            store.save(new Snapshot(image.appliedIndex(), 1, data));
            long d = System.nanoTime();
            Snapshot loaded = store.loadLatest().orElseThrow();
            KvStateMachine restored = KvStateMachine.restore(loaded.data(), loaded.payloadOffset(), SESSIONS);
            long e = System.nanoTime();
            if (restored.size() != keys || restored.appliedIndex() != image.appliedIndex()) {
                throw new IllegalStateException("the loaded snapshot differs from the captured map");
            }
            image.release();
            double[] row = {data.length, median(captures), ms(c - c0), ms(d - c), ms(e - d), putNs, capturingNs};
            for (int i = 0; i < row.length; i++) {
                figures[i][r] = row[i];
            }
            print(Integer.toString(r + 1), row);
        }
        double[] medians = new double[figures.length];
        double[] best = new double[figures.length];
        for (int i = 0; i < figures.length; i++) {
            medians[i] = median(figures[i]);
            best[i] = Arrays.stream(figures[i]).min().orElseThrow();
        }
        print("median", medians);
        print("best", best);
    }

    /**
     * Applies every put in {@code puts} once, at the next indexes; the mean CPU nanoseconds of this
     * thread per put (CPU time, not wall time, so that other processes on the machine count less).
     */
    private static double overwrite(KvStateMachine kv, byte[][] puts) {
        long start = CPU.getCurrentThreadCpuTime();
        long index = kv.appliedIndex();
        for (byte[] put : puts) {
            kv.apply(++index, put);
        }
        return (double) (CPU.getCurrentThreadCpuTime() - start) / puts.length;
    }

    private static void print(String round, double[] row) {
        System.out.printf(
                "%6s %,12d %10.2f %10.0f %10.0f %10.0f %14.0f %14.0f%n",
                round, (long) row[0], row[1], row[2], row[3], row[4], row[5], row[6]);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String key(int i) {
        return String.format("key-%010d", i);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
