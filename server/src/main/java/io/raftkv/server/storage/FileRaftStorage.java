package io.raftkv.server.storage;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.HardState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RaftStorage} on local files: a segmented write-ahead log plus a hard state file, in one
 * data directory held under an exclusive lock. The on-disk format and the crash-safety argument are
 * in {@code package-info}.
 *
 * <p>Call {@link #load()} once before {@link #persist}. Not thread-safe: one caller at a time. After
 * an I/O error the instance refuses further use: what reached the disk is unknown, so the owner must
 * reopen (and recover) rather than carry on.
 */
public final class FileRaftStorage implements RaftStorage {
    private static final Logger log = LoggerFactory.getLogger(FileRaftStorage.class);
    static final String LOCK_NAME = "LOCK";

    private final Path dir;
    private final StorageOptions options;
    private final FileChannel lockChannel;
    private final List<Segment> segments = new ArrayList<>();
    private HardStateFile hardState;
    private long lastIndex;
    private boolean loaded;
    private Exception failure;
    private ByteBuffer buffer = ByteBuffer.allocate(64 << 10);

    /** Position of a record, for tests and diagnostics. */
    record Position(Path segment, long offset) {}

    /**
     * Opens {@code dir} (created if missing) and locks it against other processes.
     *
     * @throws IOException if the directory cannot be created or another process holds it
     */
    public FileRaftStorage(Path dir, StorageOptions options) throws IOException {
        this.dir = dir;
        this.options = options;
        DurableFiles.createDirectories(dir, options.fsync());
        lockChannel = FileChannel.open(dir.resolve(LOCK_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw new IOException("cannot lock data directory " + dir, e);
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("data directory " + dir + " is in use by another process");
        }
    }

    /**
     * Recovers the log and hard state. A damaged tail of the last segment (a write that a crash cut
     * short, or bytes after it) is truncated and logged: it was never made durable, so never
     * acknowledged. Damage anywhere else raises {@link CorruptLogException} naming file and offset,
     * and then no file has been changed. After {@link #compact} or {@link #reset} the log starts after
     * index 1; the caller checks that it connects to its latest snapshot.
     */
    @Override
    public Recovered load() throws IOException {
        return load(0);
    }

    /**
     * {@inheritDoc} The stored commit index must lie within the log or at most {@code coveredIndex};
     * beyond both it can only be damage, and the load fails before any file is changed.
     */
    @Override
    public Recovered load(long coveredIndex) throws IOException {
        if (loaded) {
            throw new IllegalStateException("load() was already called");
        }
        // Judge everything first, then repair: a refusal leaves the files as they were found.
        LogRecovery.Found found = LogRecovery.scan(dir);
        lastIndex = found.lastIndex();
        Path hardStatePath = dir.resolve(HardStateFile.NAME);
        HardState stored = HardStateFile.peek(dir);
        if (stored == null && !found.segments().isEmpty()) {
            throw new CorruptLogException(hardStatePath, 0, "hard state file is missing but the log has segments");
        }
        HardState hs = stored == null ? HardState.EMPTY : stored;
        if (hs.commit() > Math.max(lastIndex, coveredIndex)) {
            String msg = "hard state commit " + hs.commit() + " is beyond the last log index " + lastIndex
                    + (coveredIndex > 0 ? " and the snapshot at " + coveredIndex : "");
            if (options.fsync()) {
                throw new CorruptLogException(hardStatePath, 0, msg);
            }
            log.warn("{} (expected after a crash with fsync disabled); ignoring the commit hint", msg);
            hs = new HardState(hs.term(), hs.votedFor(), Math.max(lastIndex, coveredIndex));
        }
        LogRecovery.repair(found, options.fsync(), segments);
        hardState = HardStateFile.open(dir, options.fsync());
        loaded = true;
        return new Recovered(hs, found.entries());
    }

    @Override
    public void persist(HardState hs, List<Entry> entries) throws IOException {
        ensureUsable();
        validate(entries);
        if (hs != null) {
            HardStateFile.validate(hs);
        }
        guarded(() -> {
            // A new term or vote is durable before any entry is written: a log never holds a term
            // above the stored current term (a restarted core relies on it), and the vote is kept
            // whatever happens next. Its commit hint waits for the entries it may cover: it stops
            // below the first entry of this call, which may replace a conflicting suffix that a
            // crash before the cut would otherwise leave under the commit index.
            if (hs != null && hardState.changesTermOrVote(hs)) {
                long kept = entries.isEmpty()
                        ? lastIndex
                        : Math.min(lastIndex, entries.getFirst().index() - 1);
                long durableCommit = Math.min(hs.commit(), kept);
                hardState.write(new HardState(hs.term(), hs.votedFor(), durableCommit));
            }
            if (!entries.isEmpty()) {
                append(entries);
            }
            if (hs != null) {
                hardState.write(hs); // a commit-only change by now, written without a force
            }
        });
    }

    /**
     * Removes every segment that holds only entries up to {@code upToIndex}, oldest first, making each
     * removal durable before the next: a crash leaves a suffix of the log. The last segment is never
     * removed, so the log keeps its last index.
     */
    @Override
    public void compact(long upToIndex) throws IOException {
        ensureUsable();
        guarded(() -> {
            while (segments.size() > 1 && segments.getFirst().lastIndex() <= upToIndex) {
                delete(segments.removeFirst());
            }
        });
    }

    /**
     * Removes all segments, newest first (a crash leaves a prefix of the old log), then starts an
     * empty one at {@code nextIndex}.
     */
    @Override
    public void reset(long nextIndex) throws IOException {
        ensureUsable();
        if (nextIndex < 1) {
            throw new IllegalArgumentException("nextIndex must be positive, got " + nextIndex);
        }
        guarded(() -> {
            while (!segments.isEmpty()) {
                delete(segments.removeLast());
            }
            createSegment(nextIndex);
            lastIndex = nextIndex - 1;
        });
    }

    /** A change to the files on disk. */
    private interface FileChange {
        void run() throws IOException;
    }

    /**
     * Runs {@code change}; if it fails, the files may be half changed, so the storage refuses all
     * further work (see {@link #ensureUsable()}) until it is reopened and recovered.
     */
    private void guarded(FileChange change) throws IOException {
        try {
            change.run();
        } catch (IOException | RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    /** Closes and deletes a segment taken out of the list, durably if the storage syncs. */
    private void delete(Segment s) throws IOException {
        s.close();
        DurableFiles.delete(s.path);
        if (options.fsync()) {
            DurableFiles.syncDirectory(dir);
        }
    }

    /** Index of the first stored entry (1 for a new log; later after compaction or a reset). */
    public long firstIndex() {
        return segments.isEmpty() ? 1 : segments.getFirst().firstIndex;
    }

    /** Index of the last stored entry, 0 if none. */
    public long lastIndex() {
        return lastIndex;
    }

    private void validate(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long first = entries.getFirst().index();
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).index() != first + i) {
                throw new IllegalArgumentException("entries are not contiguous at " + entries.get(i));
            }
            if (entries.get(i).term() < entries.get(i - 1).term()) {
                throw new IllegalArgumentException("term decreases at " + entries.get(i));
            }
        }
        if (first > lastIndex + 1) {
            throw new IllegalArgumentException("first entry " + first + " leaves a gap after " + lastIndex);
        }
        if (first < firstIndex()) {
            throw new IllegalArgumentException("first entry " + first + " is before the log start " + firstIndex());
        }
        if (first > firstIndex() && termAt(first - 1) > entries.getFirst().term()) {
            throw new IllegalArgumentException("term decreases at " + entries.getFirst());
        }
    }

    private void append(List<Entry> entries) throws IOException {
        long first = entries.getFirst().index();
        if (first <= lastIndex) {
            truncateFrom(first);
        }
        if (segments.isEmpty()) {
            createSegment(first);
        }
        Segment active = segments.getLast();
        buffer.clear();
        for (Entry e : entries) {
            int size = WalRecord.size(e);
            long end = active.size + buffer.position() + size;
            if (active.count() > 0 && end > options.segmentBytes()) {
                flush(active);
                seal(active);
                active = createSegment(e.index());
            }
            if (buffer.remaining() < size) {
                flush(active);
                if (buffer.capacity() < size) {
                    buffer = ByteBuffer.allocate(Math.max(size, buffer.capacity() * 2));
                }
            }
            active.addRecord(active.size + buffer.position(), e.term());
            WalRecord.encode(e, buffer);
        }
        flush(active);
        if (options.fsync()) {
            DurableFiles.force(active.channel, active.path, false);
        }
        lastIndex = entries.getLast().index();
    }

    private void flush(Segment seg) throws IOException {
        buffer.flip();
        int n = buffer.remaining();
        DurableFiles.writeFully(seg.channel, seg.path, buffer, seg.size);
        seg.size += n;
        buffer.clear();
    }

    /**
     * A segment is forced before its successor exists, so every segment but the last is complete on
     * disk and damage in one can only be corruption, never a crash's torn write.
     */
    private void seal(Segment seg) throws IOException {
        if (options.fsync()) {
            DurableFiles.force(seg.channel, seg.path, false);
        }
    }

    private Segment createSegment(long firstIndex) throws IOException {
        Path path = dir.resolve(Segment.fileName(firstIndex));
        DurableFiles.createAtomically(path, WalRecord.segmentHeader(firstIndex), options.fsync());
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment seg = new Segment(path, firstIndex, ch, WalRecord.SEGMENT_HEADER_BYTES);
        segments.add(seg);
        return seg;
    }

    /**
     * Removes the entries from {@code index} on (§5.3: a conflicting suffix is replaced). Later
     * segments are removed newest first, each removal made durable, and the cut is forced before
     * anything new is written: a crash at any step leaves a prefix of the old log, and never old
     * records behind new ones.
     */
    private void truncateFrom(long index) throws IOException {
        int i = segmentHolding(index);
        while (segments.size() - 1 > i) {
            Segment s = segments.removeLast();
            s.close();
            DurableFiles.delete(s.path);
            if (options.fsync()) {
                DurableFiles.syncDirectory(dir);
            }
        }
        Segment seg = segments.get(i);
        seg.truncateFrom(index);
        if (options.fsync()) {
            DurableFiles.force(seg.channel, seg.path, true);
        }
        lastIndex = index - 1;
    }

    private int segmentHolding(long index) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segments.get(mid).firstIndex <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private long termAt(long index) {
        return segments.get(segmentHolding(index)).termOf(index);
    }

    Position position(long index) {
        Segment s = segments.get(segmentHolding(index));
        return new Position(s.path, s.offsetOf(index));
    }

    private void ensureUsable() {
        if (!loaded) {
            throw new IllegalStateException("call load() before persist()");
        }
        if (failure != null) {
            throw new IllegalStateException("storage failed earlier; reopen it to recover", failure);
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Segment s : segments) {
            try {
                if (options.fsync() && failure == null) {
                    DurableFiles.force(s.channel, s.path, false);
                }
                s.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        segments.clear();
        try {
            if (hardState != null) {
                hardState.close();
            }
        } catch (IOException e) {
            first = first == null ? e : first;
        }
        lockChannel.close(); // releases the lock
        if (first != null) {
            throw first;
        }
    }
}
