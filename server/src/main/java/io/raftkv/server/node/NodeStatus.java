package io.raftkv.server.node;

import java.util.List;

/** A snapshot of what a node knows about itself and its peers, for {@code GET /status}. */
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
        List<Peer> peers) {

    /** {@code matchIndex} is known only on the leader; null elsewhere. */
    public record Peer(String id, String raft, String http, Long matchIndex) {}
}
