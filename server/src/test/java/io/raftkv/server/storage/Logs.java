package io.raftkv.server.storage;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Helpers for storage tests: entry generators and file surgery. */
final class Logs {
    private Logs() {}

    /** Each simulated crash logs a truncated tail; thousands of those lines would bury a real failure. */
    static void quietRecoveryWarnings(boolean quiet) {
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(FileRaftStorage.class);
        logger.setLevel(quiet ? ch.qos.logback.classic.Level.ERROR : null);
    }

    static Entry entry(long term, long index, String data) {
        return new Entry(term, index, EntryType.NORMAL, data.getBytes());
    }

    /** Entries {@code from..to} of {@code term} with random data of up to {@code maxData} bytes. */
    static List<Entry> random(Random rnd, long term, long from, long to, int maxData) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            byte[] data = new byte[rnd.nextInt(maxData + 1)];
            rnd.nextBytes(data);
            EntryType type = rnd.nextInt(10) == 0 ? EntryType.NOOP : EntryType.NORMAL;
            out.add(new Entry(term, i, type, type == EntryType.NOOP ? new byte[0] : data));
        }
        return out;
    }

    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
        }
    }

    static void truncate(Path file, long size) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) offset] ^= 0x5A;
        Files.write(file, b);
    }

    static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals(FileRaftStorage.LOCK_NAME)) {
                    Files.copy(p, to.resolve(p.getFileName()));
                }
            }
        }
    }
}
