package io.raftkv.server.kv;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

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
 * <p>Not thread-safe: the node calls it from its one context.
 */
public final class KvStateMachine {

    /**
     * What an entry answered. {@code index} is the entry that took effect: the applied entry itself,
     * or for a retry the entry of the first attempt.
     */
    public record Outcome(long index, Result result) {}

    private final Map<String, String> data = new TreeMap<>(); // sorted: snapshots are byte-identical across replicas
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
            case Command.Append a -> new Result.Written(data.getOrDefault(a.key(), "") + a.suffix());
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
            case Command.PutAll all -> data.putAll(all.pairs());
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

    /** The map, the sessions (eldest first) and the applied index, in the codec's binary form. */
    public byte[] snapshot() {
        return capture().encode();
    }

    /**
     * A consistent copy of the state, cheap enough to take on the event loop: references to the
     * (immutable) keys, values and session answers, copied in one pass without encoding anything. The
     * copy is independent of later applies; {@link Image#encode()} may then run on another thread.
     */
    public Image capture() {
        String[] keys = new String[data.size()];
        String[] values = new String[keys.length];
        copyInto(data, keys, values);
        return new Image(appliedIndex, keys, values, sessions.capture());
    }

    /** Copies {@code map}'s keys and values, in its iteration order, into arrays of its size. */
    private static <V> void copyInto(Map<String, V> map, String[] keys, V[] values) {
        int i = 0;
        for (var e : map.entrySet()) {
            keys[i] = e.getKey();
            values[i++] = e.getValue();
        }
    }

    /** A captured state; see {@link #capture()}. */
    public static final class Image {
        private final long appliedIndex;
        private final String[] keys;
        private final String[] values;
        private final Sessions.Image sessions;

        private Image(long appliedIndex, String[] keys, String[] values, Sessions.Image sessions) {
            this.appliedIndex = appliedIndex;
            this.keys = keys;
            this.values = values;
            this.sessions = sessions;
        }

        /** The index of the last entry the captured state includes. */
        public long appliedIndex() {
            return appliedIndex;
        }

        public int size() {
            return keys.length;
        }

        /** The snapshot form, as {@link KvStateMachine#snapshot()} returns it. */
        public byte[] encode() {
            return encode(new byte[0]);
        }

        /** {@link #encode()} behind {@code header} (e.g. a Raft snapshot's), in one buffer. */
        public byte[] encode(byte[] header) {
            return Codec.write(out -> {
                out.write(header);
                out.writeLong(appliedIndex);
                out.writeInt(keys.length);
                for (int i = 0; i < keys.length; i++) {
                    Codec.writeString(out, keys[i]);
                    Codec.writeString(out, values[i]);
                }
                sessions.encode(out);
            });
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
        Map<String, String> pairs = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            pairs.put(Codec.readString(in), Codec.readString(in));
        }
        KvStateMachine kv = new KvStateMachine(Sessions.restore(in, maxSessions));
        kv.appliedIndex = appliedIndex;
        kv.data.putAll(pairs);
        return kv;
    }
}
