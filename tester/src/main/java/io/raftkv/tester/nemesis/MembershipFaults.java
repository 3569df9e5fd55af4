package io.raftkv.tester.nemesis;

import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.nemesis.MembershipApi.Member;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Membership changes through the nodes' HTTP API ({@link MembershipApi}): takes a voter out and
 * adds it back with the addresses the cluster listed for it, remembering who is out so {@link
 * #heal()} can add it back after any error.
 */
final class MembershipFaults {
    private final Cluster cluster;
    private final MembershipApi membership;
    /** Nodes taken out of the membership, with the addresses to add them back with. */
    private final Map<String, Member> removed = new LinkedHashMap<>();

    private boolean changed;

    MembershipFaults(Cluster cluster, MembershipApi.Timing timing) {
        this.cluster = cluster;
        this.membership = new MembershipApi(timing);
    }

    /**
     * Removes the voter {@code target}; returns the node removed and the voters after.
     *
     * @throws IllegalStateException if it is not a voter, or the removal is refused or not done in
     *     time
     */
    synchronized Map<String, Object> remove(String target) {
        changed = true;
        removed.put(target, voter(target));
        List<String> voters = membership.remove(target, via(target));
        var value = new LinkedHashMap<String, Object>();
        value.put("removed", target);
        value.put("voters", voters);
        return value;
    }

    /** Adds every removed node back, each once it is a voter again; returns them and the voters after. */
    synchronized Map<String, Object> addBack() {
        var added = new ArrayList<>(removed.keySet());
        var value = new LinkedHashMap<String, Object>();
        value.put("added", added);
        value.put("voters", addRemovedBack());
        return value;
    }

    /**
     * Adds back whatever is still out and checks that every node is a voter; does nothing if no
     * membership fault was ever started.
     *
     * @throws IllegalStateException if a node could not be added back or is not a voter
     */
    synchronized void heal() {
        if (changed) {
            addRemovedBack();
            checkAllVoters();
        }
    }

    /**
     * The member {@code node} as the cluster lists it, with the addresses to add it back with.
     *
     * @throws IllegalStateException if it is not a voter
     */
    private Member voter(String node) {
        var view = membership.view(via(node), membership.timing().removeWait());
        Member member = view.members().get(node);
        if (member == null || !member.voter() || member.raft() == null) {
            throw new IllegalStateException("cannot remove " + node + ": " + view.node() + " lists it as "
                    + (member == null ? "no member" : member) + " (voters " + view.voters() + ")");
        }
        return member;
    }

    private List<String> addRemovedBack() {
        List<String> voters = List.of();
        for (var member : List.copyOf(removed.values())) {
            voters = membership.add(member, via(member.id()));
            removed.remove(member.id());
        }
        return voters;
    }

    /**
     * Checks with the leader (or any node, when none is known) that every node is a voter.
     *
     * @throws IllegalStateException if one is not
     */
    private void checkAllVoters() {
        var first = membership.view(cluster::httpAll, membership.timing().removeWait());
        String leader = first.leader();
        var view = leader != null
                        && !leader.equals(first.node())
                        && cluster.nodes().contains(leader)
                ? membership.view(
                        () -> List.of(cluster.http(leader)), membership.timing().removeWait())
                : first;
        var missing = new ArrayList<>(cluster.nodes());
        missing.removeAll(view.voters());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("not voters: " + missing + "; " + view.node() + " lists voters "
                    + view.voters() + ", learners " + view.learners());
        }
    }

    /**
     * The nodes to send a membership request about {@code node} through, the others first (once
     * removed, a node may not know who leads): base URIs as the rig reaches them, looked up for each
     * try since a restarted container may have a new port.
     */
    private Supplier<List<URI>> via(String node) {
        return () -> {
            var order = new ArrayList<URI>();
            for (var n : cluster.nodes()) {
                if (!n.equals(node)) {
                    order.add(cluster.http(n));
                }
            }
            order.add(cluster.http(node));
            return order;
        };
    }
}
