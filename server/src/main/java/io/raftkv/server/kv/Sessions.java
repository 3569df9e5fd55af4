package io.raftkv.server.kv;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client sessions that make writes exactly-once (Raft thesis §6.3): for each client, the last
 * sequence number applied, what that request was (a fingerprint) and what it answered.
 *
 * <p>The table is bounded. When a new client arrives at a full table, the least recently active
 * client (by applied entries, so every replica picks the same one) is evicted, and its id and last
 * sequence number move to a second, larger table of expired clients. A request of an expired client
 * at or below that number may be a retry of a request that was applied, so it is refused ({@link
 * Result.SessionExpired}): neither applied again nor answered as applied. Only a client whose expiry
 * is older than {@link #EXPIRED_PER_SESSION} times the session bound worth of evictions is forgotten
 * entirely; its late retry would be applied again.
 *
 * <p>Not thread-safe; deterministic.
 */
final class Sessions {
    /** How many expired clients are remembered, per live session. */
    static final int EXPIRED_PER_SESSION = 4;
    /** The fingerprint of a session restored from a snapshot that did not record it. */
    static final long UNKNOWN = 0;

    /** The last request of one client and its answer. */
    record Session(long lastSeq, long index, long fingerprint, Result result) {}

    private final LinkedHashMap<String, Long> expired;
    private final LinkedHashMap<String, Session> live;

    Sessions(int maxSessions) {
        long maxExpired = (long) maxSessions * EXPIRED_PER_SESSION;
        this.expired = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > maxExpired;
            }
        };
        // Access order: a lookup during apply marks the client as recently active.
        this.live = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
                if (size() <= maxSessions) {
                    return false;
                }
                expired.put(eldest.getKey(), eldest.getValue().lastSeq());
                return true;
            }
        };
    }

    /**
     * The answer to {@code command} (which has a client id) at {@code index} if its session already
     * decides it: a retry gets its first answer, a lower seq is stale, a reused seq for another
     * operation conflicts, an expired client's old seq is refused. Null when it is to be applied.
     */
    KvStateMachine.Outcome decided(Command command, long fingerprint, long index) {
        Session s = live.get(command.clientId());
        if (s != null) {
            if (command.seq() < s.lastSeq()) {
                return new KvStateMachine.Outcome(index, new Result.StaleSequence(s.lastSeq()));
            }
            if (command.seq() > s.lastSeq()) {
                return null;
            }
            if (s.fingerprint() != UNKNOWN && s.fingerprint() != fingerprint) {
                return new KvStateMachine.Outcome(index, new Result.SessionConflict(command.seq()));
            }
            return new KvStateMachine.Outcome(s.index(), s.result());
        }
        Long lastSeq = expired.get(command.clientId());
        if (lastSeq != null && command.seq() <= lastSeq) {
            return new KvStateMachine.Outcome(index, new Result.SessionExpired(lastSeq));
        }
        return null;
    }

    /** Records that {@code command}, applied at {@code index}, answered {@code result}. */
    void record(Command command, long fingerprint, long index, Result result) {
        expired.remove(command.clientId());
        live.put(command.clientId(), new Session(command.seq(), index, fingerprint, result));
    }

    int size() {
        return live.size();
    }

    /**
     * What identifies the operation of {@code command}, whose encoded entry is {@code entry}: a hash
     * of the operation's bytes (what follows the session in {@link Codec}'s form), so equal operations
     * have equal fingerprints and the operation is not encoded again.
     */
    static long fingerprint(Command command, byte[] entry) {
        int sessionBytes = 4 + command.clientId().getBytes(StandardCharsets.UTF_8).length + 8;
        int opOffset = 2 + sessionBytes; // after the version and has-session bytes
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(entry, opOffset, entry.length - opOffset);
            long f = ByteBuffer.wrap(sha.digest()).getLong();
            return f == UNKNOWN ? 1 : f;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A copy of both tables, independent of later applies. */
    Image capture() {
        return new Image(
                live.entrySet().toArray(Map.Entry[]::new), expired.entrySet().toArray(Map.Entry[]::new));
    }

    /**
     * Captured tables. Encoded as: {@code n (client lastSeq index result)*n}, then {@code
     * fingerprint*n}, then {@code m (client lastSeq)*m} for the expired clients; the two later parts
     * are absent in snapshots of older versions.
     */
    record Image(Map.Entry<String, Session>[] live, Map.Entry<String, Long>[] expired) {
        Image {
            live = copy(live);
            expired = copy(expired);
        }

        private static <V> Map.Entry<String, V>[] copy(Map.Entry<String, V>[] entries) {
            for (int i = 0; i < entries.length; i++) {
                entries[i] = Map.entry(entries[i].getKey(), entries[i].getValue());
            }
            return entries;
        }

        void encode(DataOutputStream out) throws IOException {
            out.writeInt(live.length);
            for (var e : live) {
                Codec.writeString(out, e.getKey());
                out.writeLong(e.getValue().lastSeq());
                out.writeLong(e.getValue().index());
                Codec.writeResult(out, e.getValue().result());
            }
            for (var e : live) {
                out.writeLong(e.getValue().fingerprint());
            }
            out.writeInt(expired.length);
            for (var e : expired) {
                Codec.writeString(out, e.getKey());
                out.writeLong(e.getValue());
            }
        }
    }

    /** Reads {@link Image#encode}'s form, eldest first, which is the rest of {@code in}. */
    static Sessions restore(DataInputStream in, int maxSessions) throws IOException {
        int n = in.readInt();
        String[] clients = new String[n];
        Session[] sessions = new Session[n];
        for (int i = 0; i < n; i++) {
            clients[i] = Codec.readString(in);
            sessions[i] = new Session(in.readLong(), in.readLong(), UNKNOWN, Codec.readResult(in));
        }
        Sessions table = new Sessions(maxSessions);
        boolean complete = in.available() > 0;
        if (complete) {
            for (int i = 0; i < n; i++) {
                Session s = sessions[i];
                sessions[i] = new Session(s.lastSeq(), s.index(), in.readLong(), s.result());
            }
            int m = in.readInt();
            for (int i = 0; i < m; i++) {
                table.expired.put(Codec.readString(in), in.readLong());
            }
        }
        for (int i = 0; i < n; i++) {
            table.live.put(clients[i], sessions[i]);
        }
        return table;
    }
}
