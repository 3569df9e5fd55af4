package io.raftkv.server.storage;

import io.raftkv.server.raft.Snapshot;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot files in a directory, each written whole or not at all (temporary file, fsync, rename,
 * fsync the directory), checked by CRC on load, the newest {@code retain} kept. Blocking; one caller
 * at a time. The format is in {@code package-info}.
 */
public final class SnapshotStore {
    private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);
    static final int MAGIC = 0x524B5653; // "RKVS"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 36;
    private static final String SUFFIX = ".snap";

    private final Path dir;
    private final int retain;
    private final boolean fsync;

    /**
     * @param retain how many snapshots to keep, at least 1
     * @param fsync false only for tests: UNSAFE, see {@link StorageOptions#fsync()}
     */
    public SnapshotStore(Path dir, int retain, boolean fsync) throws IOException {
        if (retain < 1) {
            throw new IllegalArgumentException("retain must be at least 1, got " + retain);
        }
        this.dir = dir;
        this.retain = retain;
        this.fsync = fsync;
        DurableFiles.createDirectories(dir, fsync);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".tmp")).toList()) {
                log.info("removing {}, an unfinished snapshot", p);
                DurableFiles.delete(p);
            }
        }
    }

    static String fileName(long index, long term) {
        return String.format("%020d-%020d%s", index, term, SUFFIX);
    }

    /** Stores {@code snapshot} durably. */
    public SnapshotMeta save(Snapshot snapshot) throws IOException {
        try (Writer w = create(snapshot.index(), snapshot.term())) {
            w.write(snapshot.data(), 0, snapshot.data().length);
            return w.commit();
        }
    }

    /**
     * Starts a snapshot written in pieces (for example the chunks of an InstallSnapshot). Nothing is
     * visible until {@link Writer#commit()}; closing without committing discards it.
     */
    public Writer create(long index, long term) throws IOException {
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("snapshot index and term must be >= 1");
        }
        return new Writer(index, term);
    }

    /** Snapshots on disk, oldest first (by index). */
    public List<SnapshotMeta> list() throws IOException {
        List<SnapshotMeta> out = new ArrayList<>();
        for (Path p : files()) {
            out.add(readHeader(p));
        }
        return out;
    }

    /**
     * The newest snapshot that is whole, fully read and verified, if any. A damaged snapshot is
     * skipped, with a warning, for the next older one (the store keeps {@code retain} of them); the
     * damaged file is left as it is for an operator to look at.
     *
     * @throws CorruptLogException naming the newest snapshot if every snapshot kept is damaged
     */
    public Optional<Snapshot> loadLatest() throws IOException {
        List<Path> files = files();
        CorruptLogException newest = null;
        for (Path p : files.reversed()) {
            try {
                Snapshot s = load(p);
                if (newest != null) {
                    log.warn("using the older snapshot {} instead of the damaged {}", p, newest.file());
                }
                return Optional.of(s);
            } catch (CorruptLogException e) {
                log.warn("snapshot {} is damaged: {}", p, e.getMessage());
                newest = newest == null ? e : newest;
            }
        }
        if (newest != null) {
            throw newest;
        }
        return Optional.empty();
    }

    private static Snapshot load(Path p) throws IOException {
        SnapshotMeta meta = readHeader(p);
        byte[] all = Files.readAllBytes(p);
        if (all.length != HEADER_BYTES + meta.size() + 4) {
            throw new CorruptLogException(
                    p,
                    all.length,
                    "snapshot file has " + all.length + " bytes, header says " + (HEADER_BYTES + meta.size() + 4));
        }
        CRC32C crc = new CRC32C();
        crc.update(all, HEADER_BYTES, (int) meta.size());
        int stored = ByteBuffer.wrap(all).getInt(HEADER_BYTES + (int) meta.size());
        if ((int) crc.getValue() != stored) {
            throw new CorruptLogException(p, HEADER_BYTES, "snapshot data checksum mismatch");
        }
        byte[] data = new byte[(int) meta.size()];
        System.arraycopy(all, HEADER_BYTES, data, 0, data.length);
        return new Snapshot(meta.index(), meta.term(), data);
    }

    /**
     * Reads up to {@code length} bytes of the data of snapshot {@code meta} from {@code offset}, for
     * sending it in chunks; fewer at the end.
     */
    public byte[] readChunk(SnapshotMeta meta, long offset, int length) throws IOException {
        if (offset < 0 || offset > meta.size() || length < 0) {
            throw new IllegalArgumentException("offset " + offset + " outside snapshot of " + meta.size() + " bytes");
        }
        int n = (int) Math.min(length, meta.size() - offset);
        ByteBuffer buf = ByteBuffer.allocate(n);
        try (FileChannel ch = FileChannel.open(dir.resolve(fileName(meta.index(), meta.term())))) {
            while (buf.hasRemaining() && ch.read(buf, HEADER_BYTES + offset + buf.position()) > 0) {}
        }
        if (buf.hasRemaining()) {
            throw new IOException("snapshot " + meta + " ended early");
        }
        return buf.array();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    private static SnapshotMeta readHeader(Path p) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
        try (FileChannel ch = FileChannel.open(p)) {
            while (h.hasRemaining() && ch.read(h) > 0) {}
        }
        if (h.hasRemaining()) {
            throw new CorruptLogException(p, h.position(), "snapshot header truncated");
        }
        if (h.getInt(0) != MAGIC || h.getInt(4) != VERSION) {
            throw new CorruptLogException(p, 0, "not a version " + VERSION + " snapshot");
        }
        CRC32C crc = new CRC32C();
        crc.update(h.slice(0, 32));
        if ((int) crc.getValue() != h.getInt(32)) {
            throw new CorruptLogException(p, 0, "snapshot header checksum mismatch");
        }
        return new SnapshotMeta(h.getLong(8), h.getLong(16), h.getLong(24));
    }

    private void prune() throws IOException {
        List<Path> files = files();
        for (Path p : files.subList(0, Math.max(0, files.size() - retain))) {
            DurableFiles.delete(p);
        }
        if (fsync && files.size() > retain) {
            DurableFiles.syncDirectory(dir);
        }
    }

    /** A snapshot being written. */
    public final class Writer implements Closeable {
        private final long index;
        private final long term;
        private final Path tmp;
        private final FileChannel ch;
        private final CRC32C crc = new CRC32C();
        private long size;
        private boolean done;

        private Writer(long index, long term) throws IOException {
            this.index = index;
            this.term = term;
            this.tmp = dir.resolve(fileName(index, term) + ".tmp");
            this.ch = DurableFiles.create(tmp);
        }

        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            crc.update(buf.duplicate());
            DurableFiles.writeFully(ch, tmp, buf, HEADER_BYTES + size);
            size += len;
        }

        /** Bytes written so far (the next chunk's offset). */
        public long size() {
            return size;
        }

        /** Makes the snapshot durable and visible, then removes the oldest beyond the retained count. */
        public SnapshotMeta commit() throws IOException {
            ByteBuffer trailer =
                    ByteBuffer.allocate(4).putInt((int) crc.getValue()).flip();
            DurableFiles.writeFully(ch, tmp, trailer, HEADER_BYTES + size);
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            header.putInt(MAGIC).putInt(VERSION).putLong(index).putLong(term).putLong(size);
            CRC32C hcrc = new CRC32C();
            hcrc.update(header.slice(0, 32));
            header.putInt((int) hcrc.getValue()).flip();
            DurableFiles.writeFully(ch, tmp, header, 0);
            if (fsync) {
                DurableFiles.force(ch, tmp, true);
            }
            ch.close();
            done = true;
            DurableFiles.moveAtomically(tmp, dir.resolve(fileName(index, term)));
            if (fsync) {
                DurableFiles.syncDirectory(dir);
            }
            prune();
            return new SnapshotMeta(index, term, size);
        }

        /** Discards an uncommitted snapshot. */
        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                ch.close();
                DurableFiles.deleteIfExists(tmp);
            }
        }
    }
}
