package io.raftkv.server.storage;

import io.raftkv.server.raft.HardState;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The hard state in a file of two fixed slots, written alternately (a ping-pong buffer): each write
 * goes to the slot that does not hold the last durable state, so a torn write can only damage the
 * slot being written and recovery falls back to the other one. One write costs one fsync and no
 * rename. See {@code package-info} for the layout and for why a commit-only change is not forced.
 */
final class HardStateFile implements Closeable {
    static final String NAME = "hardstate";
    static final int SLOT_BYTES = 512;
    static final int MAX_VOTE_BYTES = 256;
    private static final int MAGIC = 0x524B5648; // "RKVH"

    private final Path path;
    private final FileChannel channel;
    private final boolean fsync;
    private HardState current;
    private HardState durable;
    private int durableSlot;
    private long seq;

    private HardStateFile(Path path, FileChannel channel, boolean fsync) {
        this.path = path;
        this.channel = channel;
        this.fsync = fsync;
    }

    /** Opens (creating if absent) the hard state file in {@code dir} and reads the latest valid slot. */
    static HardStateFile open(Path dir, boolean fsync) throws IOException {
        Path path = dir.resolve(NAME);
        if (!Files.exists(path)) {
            ByteBuffer initial = ByteBuffer.allocate(2 * SLOT_BYTES);
            initial.put(encode(HardState.EMPTY, 0)).clear();
            DurableFiles.createAtomically(path, initial, fsync);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        HardStateFile f = new HardStateFile(path, ch, fsync);
        try {
            f.recover();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return f;
    }

    /**
     * The state the file in {@code dir} holds, read without changing anything; null if there is no
     * file.
     *
     * @throws CorruptLogException if neither slot is valid or the file is short
     */
    static HardState peek(Path dir) throws IOException {
        Path path = dir.resolve(NAME);
        if (!Files.exists(path)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(ch, path).state;
        }
    }

    private static Slot read(FileChannel channel, Path path) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(2 * SLOT_BYTES);
        while (buf.hasRemaining() && channel.read(buf, buf.position()) > 0) {}
        if (buf.hasRemaining()) {
            throw new CorruptLogException(path, buf.position(), "hard state file is shorter than two slots");
        }
        Slot a = decode(buf.slice(0, SLOT_BYTES), 0);
        Slot b = decode(buf.slice(SLOT_BYTES, SLOT_BYTES), 1);
        if (a == null && b == null) {
            throw new CorruptLogException(path, 0, "neither hard state slot is valid");
        }
        boolean useA = b == null || (a != null && a.seq > b.seq);
        return useA ? a : b;
    }

    private void recover() throws IOException {
        Slot latest = read(channel, path);
        durableSlot = latest.slot;
        seq = latest.seq;
        current = latest.state;
        durable = latest.state;
        // The slot read may still sit only in the page cache (written without fsync before a process
        // crash); force it so that the next write, which goes to the other slot, cannot leave neither.
        if (fsync) {
            DurableFiles.force(channel, path, false);
        }
    }

    HardState current() {
        return current;
    }

    /**
     * Records {@code hs}. Forced to disk when term or vote changed; a change of commit alone is written
     * but not forced (commit is a hint a restarted node can do without, Figure 2 keeps it volatile).
     */
    void write(HardState hs) throws IOException {
        if (hs.equals(current)) {
            return;
        }
        boolean mustSync = changesTermOrVote(hs);
        int target = 1 - durableSlot;
        DurableFiles.writeFully(channel, path, encode(hs, seq + 1), (long) target * SLOT_BYTES);
        seq++;
        current = hs;
        if (mustSync) {
            if (fsync) {
                DurableFiles.force(channel, path, false);
            }
            durableSlot = target;
            durable = hs;
        }
    }

    /** Whether writing {@code hs} changes the durable term or vote (and so will be forced). */
    boolean changesTermOrVote(HardState hs) {
        return hs.term() != durable.term() || !Objects.equals(hs.votedFor(), durable.votedFor());
    }

    /** Rejects a hard state this format cannot hold, before anything is written. */
    static void validate(HardState hs) {
        if (hs.votedFor() != null && hs.votedFor().getBytes(StandardCharsets.UTF_8).length > MAX_VOTE_BYTES) {
            throw new IllegalArgumentException("votedFor longer than " + MAX_VOTE_BYTES + " bytes");
        }
    }

    static ByteBuffer encode(HardState hs, long seq) {
        validate(hs);
        byte[] vote = hs.votedFor() == null ? null : hs.votedFor().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(SLOT_BYTES);
        b.putInt(MAGIC).putLong(seq).putLong(hs.term()).putLong(hs.commit());
        b.putShort((short) (vote == null ? -1 : vote.length));
        if (vote != null) {
            b.put(vote);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.slice(0, b.position()));
        b.putInt((int) crc.getValue());
        return b.clear();
    }

    private record Slot(int slot, long seq, HardState state) {}

    private static Slot decode(ByteBuffer b, int slot) {
        if (b.getInt(0) != MAGIC) {
            return null;
        }
        int voteLen = b.getShort(28);
        if (voteLen < -1 || voteLen > MAX_VOTE_BYTES) {
            return null;
        }
        int end = 30 + Math.max(voteLen, 0);
        CRC32C crc = new CRC32C();
        crc.update(b.slice(0, end));
        if ((int) crc.getValue() != b.getInt(end)) {
            return null;
        }
        String vote = null;
        if (voteLen >= 0) {
            byte[] v = new byte[voteLen];
            b.get(30, v);
            vote = new String(v, StandardCharsets.UTF_8);
        }
        return new Slot(slot, b.getLong(4), new HardState(b.getLong(12), vote, b.getLong(20)));
    }

    /** Forces any unforced write (a commit-only change). */
    void sync() throws IOException {
        if (fsync && !current.equals(durable)) {
            DurableFiles.force(channel, path, false);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            channel.close();
        }
    }
}
