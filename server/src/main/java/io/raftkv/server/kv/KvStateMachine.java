package io.raftkv.server.kv;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The replicated key-value map with client sessions for exactly-once writes (Raft thesis §6.3; see
 * {@link Sessions}).
 *
 * <p>{@link #apply} is deterministic: given the same entries in the same order, every replica
 * reaches the same map, the same sessions and the same answers. That includes the session table's
 * bound: when a new client arrives at a full table, the least recently active client (by applied
 * entries, not wall time) is evicted, so all replicas evict the same one. Every node must therefore
 * be started with the same {@code maxSessions}.
 *
 * <p>Not thread-safe: the node calls it from its one context. {@link #capture()} is O(1) in the
 * map's size (see {@link LayeredMap}); its {@link Image} may be encoded on another thread.
 */
public final class KvStateMachine {

    /**
     * What an entry answered. {@code index} is the entry that took effect: the applied entry itself,
     * or for a retry the entry of the first attempt.
     */
    public record Outcome(long index, Result result) {}

    private final LayeredMap data = new LayeredMap();
    private final Sessions sessions;
    private long appliedIndex;

    public KvStateMachine(int maxSessions) {
        if (maxSessions <= 0) {
            throw new IllegalArgumentException("maxSessions must be positive");
        }
        this.sessions = new Sessions(maxSessions);
    }

    private KvStateMachine(Sessions sessions) {
        this.sessions = sessions;
    }

    /**
     * Applies the command encoded in the entry at {@code index}. A request whose (client, seq) was
     * already applied gets its first answer again and changes nothing; a lower seq gets {@link
     * Result.StaleSequence}, the same seq with another operation {@link Result.SessionConflict}, and
     * an evicted client's old seq {@link Result.SessionExpired}.
     */
    public Outcome apply(long index, byte[] entryData) {
        advance(index);
        Command command;
        try {
            command = Codec.decodeCommand(entryData);
        } catch (IllegalArgumentException e) {
            return new Outcome(index, new Result.Invalid(e.getMessage()));
        }
        if (command.clientId() == null) {
            return new Outcome(index, execute(command.op()));
        }
        long fingerprint = Sessions.fingerprint(command, entryData);
        Outcome decided = sessions.decided(command, fingerprint, index);
        if (decided != null) {
            return decided;
        }
        Result result = execute(command.op());
        sessions.record(command, fingerprint, index, result);
        return new Outcome(index, result);
    }

    /** Records an entry that carries no command (a leader's no-op). */
    public void applyNoop(long index) {
        advance(index);
    }

    private void advance(long index) {
        if (index != appliedIndex + 1) {
            throw new IllegalStateException("apply out of order: " + index + " after " + appliedIndex);
        }
        appliedIndex = index;
        data.foldSome(); // every entry folds back some writes held during a snapshot, even one that writes nothing
    }

    /**
     * What {@code command} would answer against the current map, without changing anything. Used
     * only by the unsafe acknowledge-before-commit mode.
     */
    public Result preview(Command command) {
        return switch (command.op()) {
            case Command.Put p -> new Result.Written(p.value());
            case Command.Delete d -> new Result.Deleted(data.containsKey(d.key()));
            case Command.Cas c ->
                java.util.Objects.equals(data.get(c.key()), c.expected())
                        ? new Result.Written(c.value())
                        : new Result.CasMismatch(data.get(c.key()));
            case Command.Append a ->
                new Result.Written(java.util.Objects.requireNonNullElse(data.get(a.key()), "") + a.suffix());
            case Command.PutAll all -> new Result.Done();
        };
    }

    private Result execute(Command.Op op) {
        Result result = preview(new Command(null, 0, op));
        switch (op) {
            case Command.Put p -> data.put(p.key(), p.value());
            case Command.Delete d -> data.remove(d.key());
            case Command.Cas c -> {
                if (result instanceof Result.Written w) {
                    data.put(c.key(), w.value());
                }
            }
            case Command.Append a -> data.put(a.key(), ((Result.Written) result).value());
            case Command.PutAll all -> all.pairs().forEach(data::put);
        }
        return result;
    }

    /** The value of {@code key}, or null. */
    public String get(String key) {
        return data.get(key);
    }

    public int size() {
        return data.size();
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    public int sessionCount() {
        return sessions.size();
    }

    /**
     * Whether writes made while an image was open are still being folded back into the map. A
     * {@link #capture()} meanwhile copies those writes; once done, a capture copies no part of the map.
     */
    public boolean folding() {
        return data.pending() > 0;
    }

    /** The map, the sessions (eldest first) and the applied index, in the codec's binary form. */
    public byte[] snapshot() {
        Image image = capture();
        try {
            return image.encode();
        } finally {
            image.release();
        }
    }

    /**
     * The current state, for a snapshot, taken without copying the map: later applies do not change
     * it, and {@link Image#encode()} may run on another thread. The session table is copied (it is
     * bounded by {@code maxSessions}). Until the image is {@link Image#release() released}, writes
     * go to a side table that is folded back afterwards, a little per write.
     */
    public Image capture() {
        return new Image(appliedIndex, data.capture(), sessions.capture());
    }

    /** A captured state; see {@link #capture()}. */
    public static final class Image {
        private final long appliedIndex;
        private final LayeredMap.View data;
        private final Sessions.Image sessions;

        private Image(long appliedIndex, LayeredMap.View data, Sessions.Image sessions) {
            this.appliedIndex = appliedIndex;
            this.data = data;
            this.sessions = sessions;
        }

        /** The index of the last entry the captured state includes. */
        public long appliedIndex() {
            return appliedIndex;
        }

        public int size() {
            return data.size();
        }

        /** The snapshot form, as {@link KvStateMachine#snapshot()} returns it. */
        public byte[] encode() {
            return encode(new byte[0]);
        }

        /**
         * {@link #encode()} behind {@code header} (e.g. a Raft snapshot's), in one buffer. May run on
         * any thread, before the image is released.
         */
        public byte[] encode(byte[] header) {
            return Codec.write(out -> {
                out.write(header);
                out.writeLong(appliedIndex);
                out.writeInt(data.size());
                try {
                    data.forEach((key, value) -> {
                        try {
                            Codec.writeString(out, key);
                            Codec.writeString(out, value);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                sessions.encode(out);
            });
        }

        /**
         * Tells the state machine that this image is no longer read, so it can fold the writes made
         * since back into its map. Call on the state machine's thread once encoding is over (or
         * abandoned); later calls do nothing.
         */
        public void release() {
            data.release();
        }
    }

    /** Rebuilds a state machine from {@link #snapshot()}. */
    public static KvStateMachine restore(byte[] snapshot, int maxSessions) throws IOException {
        return restore(snapshot, 0, maxSessions);
    }

    /** Rebuilds a state machine from {@link #snapshot()}'s form starting at {@code offset}. */
    public static KvStateMachine restore(byte[] data, int offset, int maxSessions) throws IOException {
        if (maxSessions <= 0) {
            throw new IllegalArgumentException("maxSessions must be positive");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, offset, data.length - offset));
        long appliedIndex = in.readLong();
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative key count " + n);
        }
        String[] keys = new String[n];
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = Codec.readString(in);
            values[i] = Codec.readString(in);
            if (keys[i] == null || values[i] == null) {
                throw new IOException("a null key or value in the snapshot's map");
            }
        }
        KvStateMachine kv = new KvStateMachine(Sessions.restore(in, maxSessions));
        kv.appliedIndex = appliedIndex;
        for (int i = 0; i < n; i++) {
            kv.data.put(keys[i], values[i]);
        }
        return kv;
    }
}
