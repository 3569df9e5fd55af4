package io.raftkv.tester.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What the disk-fault file system costs: fsync'd appends (a write-ahead log's pattern) to a file
 * in a directory, and the same through the file system served over that directory.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp raftkv-tester.jar io.raftkv.tester.disk.DiskFsBench \
 *     [DIR] [--appends 500] [--size 256] [--rounds 5]
 * </pre>
 *
 * DIR defaults to a new temporary directory (removed afterwards). Prints, per round, appends per
 * second and the median; exits 3 where FUSE is missing.
 */
public final class DiskFsBench {
    private DiskFsBench() {}

    public static void main(String[] args) throws IOException {
        Path dir = null;
        int appends = 500;
        int size = 256;
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--appends" -> appends = Integer.parseInt(args[++i]);
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> dir = Path.of(args[i]);
            }
        }
        var missing = FuseSupport.missing();
        if (missing.isPresent()) {
            System.err.println("diskfs-bench: " + missing.get());
            System.exit(3);
        }
        boolean temporary = dir == null;
        Path base = temporary ? Files.createTempDirectory("diskfs-bench") : Files.createDirectories(dir);
        try {
            Path backing = Files.createDirectories(base.resolve("backing"));
            double[] direct = new double[rounds];
            double[] mounted = new double[rounds];
            try (DiskFsProcess fs = DiskFsProcess.start(
                    backing, base.resolve("mount"), base.resolve("control.sock"), 0, base.resolve("diskfs.log"))) {
                for (int r = 0; r < rounds; r++) {
                    direct[r] = appendsPerSecond(backing.resolve("direct-" + r), appends, size);
                    mounted[r] = appendsPerSecond(fs.mount().resolve("mounted-" + r), appends, size);
                    System.out.printf(
                            "round %d: direct %.0f appends/s, through the mount %.0f appends/s%n",
                            r + 1, direct[r], mounted[r]);
                }
            }
            double d = median(direct);
            double m = median(mounted);
            System.out.printf(
                    "median of %d rounds of %d fsync'd %d-byte appends: direct %.0f/s (%.1f µs each),"
                            + " through the mount %.0f/s (%.1f µs each): %.1fx the time%n",
                    rounds, appends, size, d, 1e6 / d, m, 1e6 / m, d / m);
        } finally {
            if (temporary) {
                Stash.deleteTree(base);
            }
        }
    }

    /** Appends {@code count} records of {@code size} bytes to a new file, fsyncing each. */
    static double appendsPerSecond(Path file, int count, int size) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(size);
        long start = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long position = 0;
            for (int i = 0; i < count; i++) {
                record.clear();
                while (record.hasRemaining()) {
                    position += ch.write(record, position);
                }
                ch.force(false);
            }
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
