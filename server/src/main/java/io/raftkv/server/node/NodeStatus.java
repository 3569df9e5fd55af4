package io.raftkv.server.node;

import java.util.List;

/**
 * What a node knows about itself and its peers, for {@code GET /status}. {@code logEntries} counts the
 * entries after the latest snapshot (at {@code snapshotIndex}, {@code snapshotBytes} long); the
 * counters count snapshots this node took and snapshots it installed from a leader. {@code role} is
 * leader, candidate, pre_candidate or follower, and for a non-voter learner, joining (no membership
 * known yet) or removed.
 */
public record NodeStatus(
        String id,
        String role,
        long term,
        String leader,
        String leaderHttp,
        long commitIndex,
        long appliedIndex,
        long lastLogIndex,
        long logEntries,
        long snapshotIndex,
        long snapshotBytes,
        long snapshotsTaken,
        long snapshotsInstalled,
        List<Peer> peers) {

    /**
     * A member, this node included; {@code voter} false for a learner. {@code matchIndex} is known
     * only on the leader; null elsewhere.
     */
    public record Peer(String id, String raft, String http, boolean voter, Long matchIndex) {}
}
