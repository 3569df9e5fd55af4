package io.raftkv.server.raft;

import java.util.List;

/**
 * Static configuration of one core. Times are in ticks: the node calls {@link RaftCore#tick()} at a
 * fixed interval, the core never reads a clock.
 *
 * @param id this node's stable id
 * @param peers ids of the voters a new cluster starts with, this node included; empty for a node
 *     that joins an existing cluster and learns the membership from its leader. Once the log or a
 *     snapshot holds a membership, that one is in force (see {@link Membership}).
 * @param electionTicks base election timeout; the effective timeout is random in [e, 2e)
 * @param heartbeatTicks leader heartbeat interval, well below {@code electionTicks}
 * @param preVote run a pre-vote round before incrementing the term (thesis §9.6)
 * @param checkQuorum a leader that has not heard from a quorum for an election timeout steps down
 * @param maxInflight AppendRequests with entries that may be unacknowledged per follower
 * @param maxBatchEntries most entries in one AppendRequest
 */
public record RaftConfig(
        String id,
        List<String> peers,
        int electionTicks,
        int heartbeatTicks,
        boolean preVote,
        boolean checkQuorum,
        int maxInflight,
        int maxBatchEntries) {

    public RaftConfig {
        peers = List.copyOf(peers);
        if (!peers.isEmpty() && !peers.contains(id)) {
            throw new IllegalArgumentException("peers " + peers + " must include this node's id " + id);
        }
        if (heartbeatTicks <= 0 || electionTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("need 0 < heartbeatTicks < electionTicks");
        }
        if (maxInflight <= 0 || maxBatchEntries <= 0) {
            throw new IllegalArgumentException("maxInflight and maxBatchEntries must be positive");
        }
    }

    /** Defaults: election 10 ticks, heartbeat 1 tick, pre-vote and check-quorum on. */
    public static RaftConfig of(String id, List<String> peers) {
        return new RaftConfig(id, peers, 10, 1, true, true, 64, 256);
    }
}
