package io.raftkv.server.node;

import io.raftkv.server.raft.RaftConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How a {@link RaftNode} runs.
 *
 * @param id this node's id, a key of {@code peers} unless that is empty
 * @param peers the Raft address by id of every member the cluster starts with, this node included;
 *     empty for a node that joins a running cluster (it learns the members from the leader)
 * @param tickMillis length of one logical tick of the core
 * @param electionTicks base election timeout in ticks
 * @param heartbeatTicks leader heartbeat interval in ticks
 * @param maxBatchEntries most entries in one AppendEntries (bounds a message's size)
 * @param requestTimeoutMillis how long a proposal or read waits before it is answered as unknown
 *     (writes) or unavailable (reads)
 * @param maxSessions client sessions kept by the state machine; must be equal on every node
 * @param unsafe switches that break guarantees on purpose, for testing the tester
 * @param snapshotThreshold take a snapshot and compact the log once this many entries were applied
 *     since the last snapshot; 0 never
 */
public record NodeOptions(
        String id,
        Map<String, String> peers,
        long tickMillis,
        int electionTicks,
        int heartbeatTicks,
        int maxBatchEntries,
        long requestTimeoutMillis,
        int maxSessions,
        Unsafe unsafe,
        long snapshotThreshold) {

    public static final long DEFAULT_TICK_MILLIS = 100;
    public static final int DEFAULT_ELECTION_TICKS = 10;
    public static final int DEFAULT_HEARTBEAT_TICKS = 1;
    /** The most entries one AppendEntries carries when entries are small. */
    public static final int DEFAULT_MAX_BATCH_ENTRIES = 256;

    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 5000;
    public static final int DEFAULT_MAX_SESSIONS = 10_000;
    public static final long DEFAULT_SNAPSHOT_THRESHOLD = 10_000;

    /** Node ids: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public NodeOptions {
        peers = Map.copyOf(peers);
        if (!peers.isEmpty() && !peers.containsKey(id)) {
            throw new IllegalArgumentException("peers must include this node's id " + id);
        }
        if (snapshotThreshold < 0) {
            throw new IllegalArgumentException("snapshotThreshold must not be negative");
        }
    }

    /**
     * The core's configuration: pre-vote and check-quorum on, 64 appends in flight per follower. The
     * members are those a new cluster starts with; a membership in the log or a snapshot wins.
     */
    RaftConfig raftConfig() {
        return new RaftConfig(
                id,
                List.copyOf(new TreeSet<>(peers.keySet())),
                electionTicks,
                heartbeatTicks,
                true,
                true,
                64,
                maxBatchEntries);
    }

    /**
     * Switches that make the server incorrect on purpose, so the fault-injection rig can show it
     * catches them. All off in production.
     *
     * @param staleReads serve linearizable reads from the local map, on any node, without ReadIndex
     * @param ackBeforeCommit answer a write as soon as the leader persisted it, before commit
     * @param noFsync storage does not fsync
     * @param noSessions ignore client ids, so retried writes apply again
     */
    public record Unsafe(boolean staleReads, boolean ackBeforeCommit, boolean noFsync, boolean noSessions) {
        public static final Unsafe NONE = new Unsafe(false, false, false, false);

        public boolean any() {
            return staleReads || ackBeforeCommit || noFsync || noSessions;
        }
    }
}
