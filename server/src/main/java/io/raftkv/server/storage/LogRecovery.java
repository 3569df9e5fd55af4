package io.raftkv.server.storage;

import io.raftkv.server.raft.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the segments of a log directory back, repairing a torn tail; the rules are in package-info. */
final class LogRecovery {
    private static final Logger log = LoggerFactory.getLogger(FileRaftStorage.class);

    private LogRecovery() {}

    /**
     * Opens every segment in {@code dir} in order into {@code segments} (so the caller can close them
     * even when this fails) and returns their entries.
     *
     * @param fsync force the last segment after reading it: what was read may have lived only in the
     *     page cache of a process that crashed before its fsync, and is about to be relied on
     */
    static List<Entry> recover(Path dir, boolean fsync, List<Segment> segments) throws IOException {
        removeTemporaryFiles(dir);
        List<Entry> entries = new ArrayList<>();
        TreeMap<Long, Path> files = listSegments(dir);
        long expectedFirst = -1;
        long prevTerm = 0;
        int n = 0;
        for (var file : files.entrySet()) {
            boolean last = ++n == files.size();
            Path path = file.getValue();
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(path));
            Object header = WalRecord.parseSegmentHeader(bytes);
            if (header instanceof String problem) {
                throw new CorruptLogException(path, 0, problem);
            }
            long first = (Long) header;
            if (first != file.getKey()) {
                throw new CorruptLogException(path, 8, "header says first index " + first + ", name says otherwise");
            }
            if (expectedFirst != -1 && first != expectedFirst) {
                throw new CorruptLogException(
                        path, 8, "starts at index " + first + " but " + expectedFirst + " was expected");
            }
            SegmentScanner.Scan scan = SegmentScanner.scan(bytes, first, prevTerm);
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Segment seg = new Segment(path, first, ch, scan.validEnd());
            segments.add(seg);
            if (scan.problem() != null) {
                if (!last) {
                    throw new CorruptLogException(path, scan.validEnd(), scan.problem() + " in a sealed segment");
                }
                log.warn(
                        "{}: {} at offset {}; truncating the unsynced tail ({} bytes dropped)",
                        path,
                        scan.problem(),
                        scan.validEnd(),
                        bytes.limit() - scan.validEnd());
                DurableFiles.truncate(ch, path, scan.validEnd());
            } else if (!last && scan.entries().isEmpty()) {
                throw new CorruptLogException(path, scan.validEnd(), "sealed segment holds no records");
            }
            for (int i = 0; i < scan.entries().size(); i++) {
                seg.addRecord(scan.offsets().get(i), scan.entries().get(i).term());
            }
            entries.addAll(scan.entries());
            if (!scan.entries().isEmpty()) {
                prevTerm = scan.entries().getLast().term();
            }
            expectedFirst = seg.lastIndex() + 1;
            if (last && fsync) {
                DurableFiles.force(ch, path, true);
            }
        }
        return entries;
    }

    private static TreeMap<Long, Path> listSegments(Path dir) throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                long first = Segment.parseFileName(p.getFileName().toString());
                if (first >= 0) {
                    files.put(first, p);
                }
            }
        }
        return files;
    }

    /** A temporary file is a segment or hard state whose creation a crash interrupted: never used. */
    private static void removeTemporaryFiles(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                if (p.getFileName().toString().endsWith(".tmp")) {
                    log.info("removing {}, left by an interrupted file creation", p);
                    DurableFiles.delete(p);
                }
            }
        }
    }
}
