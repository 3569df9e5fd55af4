package io.raftkv.server.node;

import io.raftkv.server.raft.Membership;
import io.raftkv.server.raft.RaftCore;
import io.raftkv.server.raft.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a node knows about itself and its peers, for {@code GET /status}. {@code logEntries} counts the
 * entries after the latest snapshot (at {@code snapshotIndex}, {@code snapshotBytes} long); the
 * counters count snapshots this node took and snapshots it installed from a leader. {@code role} is
 * leader, candidate, pre_candidate or follower, and for a non-voter learner, joining (no membership
 * known yet) or removed. {@code pendingWrites} and {@code pendingReads} count the proposals and
 * linearizable reads waiting here for an answer.
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
        int pendingWrites,
        int pendingReads,
        List<Peer> peers) {

    /**
     * A member, this node included; {@code voter} false for a learner. {@code matchIndex} is known
     * only on the leader; null elsewhere.
     */
    public record Peer(String id, String raft, String http, boolean voter, Long matchIndex) {}

    /**
     * The status of node {@code id} from its core, its applied index, its snapshots and the members it
     * knows; {@code http} holds the HTTP address a committed membership records for each node, this
     * one's own included.
     */
    static NodeStatus of(
            String id,
            RaftCore core,
            long appliedIndex,
            SnapshotPolicy snapshots,
            int pendingWrites,
            int pendingReads,
            Membership members,
            Map<String, String> http) {
        Map<String, Long> match = core.matchIndexes();
        List<Peer> peers = new ArrayList<>();
        for (Membership.Member m : members.members().values()) {
            String h = http.getOrDefault(m.id(), m.http());
            peers.add(new Peer(m.id(), m.raft(), h, m.voter(), match.get(m.id())));
        }
        String leader = core.leader();
        return new NodeStatus(
                id,
                roleName(id, core.role(), members),
                core.term(),
                leader,
                leader == null ? null : http.get(leader),
                core.commitIndex(),
                appliedIndex,
                core.lastIndex(),
                core.lastIndex() - snapshots.index(),
                snapshots.index(),
                snapshots.bytes(),
                snapshots.taken(),
                snapshots.installed(),
                pendingWrites,
                pendingReads,
                peers);
    }

    /**
     * The core's role, except that a follower that is not a voter says why: a learner, a node still
     * joining (no membership yet) or one that was removed.
     */
    static String roleName(String id, Role role, Membership members) {
        if (role == Role.FOLLOWER && !members.isVoter(id)) {
            return members.isEmpty() ? "joining" : members.contains(id) ? "learner" : "removed";
        }
        return role.name().toLowerCase(Locale.ROOT);
    }
}
