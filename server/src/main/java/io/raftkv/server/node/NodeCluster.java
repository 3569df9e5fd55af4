package io.raftkv.server.node;

import io.raftkv.server.raft.Membership;
import io.raftkv.server.raft.RaftCore;
import io.raftkv.server.raft.Role;
import io.raftkv.server.transport.Transport;
import io.vertx.core.Future;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's view of its cluster and its requests to change it: who leads and who is a member at
 * which address; leadership transfers and membership changes. The node calls {@link #progress} after
 * every step of its core, which answers the requests whose outcome is known and points the transport
 * at the members in force.
 */
public final class NodeCluster {
    private static final Logger log = LoggerFactory.getLogger(NodeCluster.class);

    private final NodeLoop loop;
    private final Transport transport;
    private final PeerDirectory peers;
    private final LeaderWaits leaderWaits;
    /** Waits for a leader that can be reached: this node, or one whose HTTP address is recorded. */
    private final LeaderWaits reachableLeaderWaits;

    private final MembershipChanges changes;
    private volatile String selfHttp;

    NodeCluster(NodeLoop loop, Transport transport, Map<String, String> flagPeers, Timers timers) {
        this.loop = loop;
        this.transport = transport;
        this.peers = new PeerDirectory(flagPeers);
        this.leaderWaits = new LeaderWaits(timers);
        this.reachableLeaderWaits = new LeaderWaits(timers);
        this.changes = new MembershipChanges(peers::addressed);
    }

    /** Completes with the leader's id as soon as one is known, or fails UNAVAILABLE after the wait. */
    public Future<String> awaitLeader(long timeoutMillis) {
        return loop.read(core ->
                core.leader() != null ? Future.succeededFuture(core.leader()) : leaderWaits.anyLeader(timeoutMillis));
    }

    /**
     * Completes with the leader's id as soon as this node leads, or a leader is known whose HTTP
     * address a committed membership records (so requests can be forwarded to it); fails UNAVAILABLE
     * after the wait.
     */
    public Future<String> awaitReachableLeader(long timeoutMillis) {
        return loop.read(core -> {
            String leader = reachableLeader(core);
            return leader != null
                    ? Future.succeededFuture(leader)
                    : reachableLeaderWaits.anyLeader(timeoutMillis, "leader with a recorded HTTP address");
        });
    }

    private String reachableLeader(RaftCore core) {
        String leader = core.leader();
        return leader != null && (leader.equals(core.id()) || peers.httpAddress(leader) != null) ? leader : null;
    }

    /**
     * Hands leadership to {@code target} (thesis §3.10) and completes with its id once this node
     * knows it leads; fails NOT_LEADER if this node does not lead, UNAVAILABLE if the transfer did not
     * finish within {@code timeoutMillis} (the core then abandons it and this node serves again).
     *
     * @throws IllegalArgumentException if {@code target} is not a voting member
     */
    public Future<String> transferLeadership(String target, long timeoutMillis) {
        if (!membership().isVoter(target)) {
            throw new IllegalArgumentException("'" + target + "' is not a voting member");
        }
        return loop.request(core -> {
            if (target.equals(core.leader())) {
                return Future.succeededFuture(target);
            }
            if (!core.transferLeadership(target)) {
                return Future.failedFuture(NodeException.notLeader(core.leader()));
            }
            log.info("handing leadership to {}", target);
            return leaderWaits.transferTo(target, timeoutMillis, core::leader);
        });
    }

    /**
     * The membership in force on this node (the latest in its log, possibly not committed yet), with
     * every address it knows. Safe from any thread.
     */
    public Membership membership() {
        return peers.view();
    }

    /**
     * The HTTP address a committed membership records for a node, where requests for it may be
     * forwarded; null if none is recorded (yet). Safe from any thread.
     */
    public String httpAddress(String nodeId) {
        return peers.httpAddress(nodeId);
    }

    /** Every HTTP address a committed membership records, by node id. Safe from any thread. */
    public Map<String, String> httpAddresses() {
        return peers.httpAddresses();
    }

    /**
     * Sets this node's own HTTP address: whenever it leads and the membership records another one (or
     * none, as for members named by {@code --peers}), it records this one through the log, so that
     * followers can forward to it.
     */
    void selfHttp(String address) {
        this.selfHttp = address;
    }

    /**
     * Adds a node: first as a learner, promoted by the leader once it caught up (thesis §4.2.1).
     * Completes with the membership once the node is a voter. Fails NOT_LEADER here if this node does
     * not lead; IN_PROGRESS when it is still a learner after {@code timeoutMillis}; {@link
     * IllegalArgumentException} when that id is a member at another raft address. Idempotent.
     */
    public Future<Membership> addMember(String id, String raft, String http, long timeoutMillis) {
        return loop.request(core -> changes.add(core, new Membership.Member(id, raft, http, false), timeoutMillis));
    }

    /**
     * Removes a member (thesis §4.1); completes with the membership once its removal is committed.
     * A leader that removes itself steps down then. Idempotent: removing a non-member succeeds.
     * Fails with {@link IllegalArgumentException} for the last voter.
     */
    public Future<Membership> removeMember(String id, long timeoutMillis) {
        return loop.request(core -> changes.remove(core, id, timeoutMillis));
    }

    /** After a step of the core: answers what it settled and follows membership changes. */
    void progress(RaftCore core) {
        changes.progress(core);
        recordOwnAddress(core);
        Map<String, String> dial = peers.sync(core.membership(), core.membershipCommitted());
        if (dial != null) {
            try {
                transport.setPeers(dial);
            } catch (IllegalArgumentException e) {
                log.error("membership {} has an unusable address: {}", peers.view(), e.getMessage());
            }
            log.info("membership: {}", peers.describe());
        }
        leaderWaits.leaderIs(core.leader());
        for (var lost : core.takeLostEntries()) {
            log.warn(
                    "{} no longer holds entries up to {} it acknowledged (its data was wiped or restored"
                            + " from an old backup): replicating the log to it again",
                    lost.follower(),
                    lost.acknowledged());
        }
        reachableLeaderWaits.leaderIs(reachableLeader(core));
    }

    /**
     * A leader whose membership lacks its HTTP address, or records another one, proposes its own: a
     * change of addresses only, which moves no quorum. Waits while another change is under way.
     */
    private void recordOwnAddress(RaftCore core) {
        String http = selfHttp;
        Membership m = core.membership();
        Membership.Member self = m.get(core.id());
        if (http == null
                || self == null
                || http.equals(self.http())
                || core.role() != Role.LEADER
                || !core.canChangeMembership()) {
            return;
        }
        Membership next = peers.addressed(m.with(new Membership.Member(self.id(), self.raft(), http, self.voter())));
        if (core.proposeMembership(next) != null) {
            log.info("recording this node's HTTP address {} in the membership", http);
        }
    }

    /** Fails every request waiting here. */
    void failAll(NodeException reason) {
        leaderWaits.failAll(reason);
        reachableLeaderWaits.failAll(reason);
        changes.failAll(reason);
    }
}
