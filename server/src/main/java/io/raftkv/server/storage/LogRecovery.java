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

/**
 * Reads the segments of a log directory back; the rules are in package-info. Recovery is two steps:
 * {@link #scan} reads and judges without changing a file, and only once the caller has accepted
 * everything it found does {@link #repair} remove a torn tail and temporary files.
 */
final class LogRecovery {
    private static final Logger log = LoggerFactory.getLogger(FileRaftStorage.class);

    private LogRecovery() {}

    /** One segment as read: its first index and what its records hold. */
    record ScannedSegment(Path path, long firstIndex, SegmentScanner.Scan scan, long fileBytes) {}

    /**
     * What a directory holds. {@code torn} is the last segment when it ends in a write that a crash
     * cut short (to be truncated at its scan's {@code validEnd}), else null.
     */
    record Found(List<ScannedSegment> segments, List<Entry> entries, ScannedSegment torn, List<Path> temporary) {
        long lastIndex() {
            if (segments.isEmpty()) {
                return 0;
            }
            ScannedSegment last = segments.getLast();
            return last.firstIndex() + last.scan().entries().size() - 1;
        }
    }

    /**
     * Reads every segment in {@code dir} in order, changing nothing.
     *
     * @throws CorruptLogException if the log is damaged in a way no crash can explain: a bad header, a
     *     gap between segments, a bad record in a sealed segment, or a bad record in the last segment
     *     with a valid record after it (a crash only ever cuts the end of the last write short)
     */
    static Found scan(Path dir) throws IOException {
        List<Path> temporary = new ArrayList<>();
        TreeMap<Long, Path> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                long first = Segment.parseFileName(name);
                if (first >= 0) {
                    files.put(first, p);
                } else if (name.endsWith(".tmp")) {
                    temporary.add(p);
                }
            }
        }
        List<ScannedSegment> segments = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        ScannedSegment torn = null;
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
            ScannedSegment seg = new ScannedSegment(path, first, scan, bytes.limit());
            segments.add(seg);
            if (scan.problem() != null) {
                if (!last) {
                    throw new CorruptLogException(path, scan.validEnd(), scan.problem() + " in a sealed segment");
                }
                long expected = first + scan.entries().size();
                long lastTerm = scan.entries().isEmpty()
                        ? prevTerm
                        : scan.entries().getLast().term();
                long next = SegmentScanner.nextValidRecord(bytes, (int) scan.validEnd() + 1, expected, lastTerm);
                if (next >= 0) {
                    throw new CorruptLogException(
                            path,
                            scan.validEnd(),
                            scan.problem() + ", but a valid record follows at offset " + next
                                    + ": durable data is damaged (not a torn write)");
                }
                torn = seg;
            } else if (!last && scan.entries().isEmpty()) {
                throw new CorruptLogException(path, scan.validEnd(), "sealed segment holds no records");
            }
            entries.addAll(scan.entries());
            if (!scan.entries().isEmpty()) {
                prevTerm = scan.entries().getLast().term();
            }
            expectedFirst = first + scan.entries().size();
        }
        return new Found(segments, entries, torn, temporary);
    }

    /**
     * Removes what {@code found} showed to be left by a crash (temporary files, a torn tail) and opens
     * the segments into {@code segments} (so the caller can close them even when this fails).
     *
     * @param fsync force the last segment after repairing it: what was read may have lived only in
     *     the page cache of a process that crashed before its fsync, and is about to be relied on
     */
    static void repair(Found found, boolean fsync, List<Segment> segments) throws IOException {
        for (Path p : found.temporary()) {
            log.info("removing {}, left by an interrupted file creation", p);
            DurableFiles.deleteIfExists(p);
        }
        for (ScannedSegment s : found.segments()) {
            FileChannel ch = FileChannel.open(s.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
            Segment seg = new Segment(s.path(), s.firstIndex(), ch, s.scan().validEnd());
            segments.add(seg);
            for (int i = 0; i < s.scan().entries().size(); i++) {
                seg.addRecord(
                        s.scan().offsets().get(i), s.scan().entries().get(i).term());
            }
            if (s == found.torn()) {
                log.warn(
                        "{}: {} at offset {}; truncating the unsynced tail ({} bytes dropped)",
                        s.path(),
                        s.scan().problem(),
                        s.scan().validEnd(),
                        s.fileBytes() - s.scan().validEnd());
                DurableFiles.truncate(ch, s.path(), s.scan().validEnd());
            }
        }
        if (fsync && !segments.isEmpty()) {
            Segment last = segments.getLast();
            DurableFiles.force(last.channel, last.path, true);
        }
    }
}
