package io.raftkv.tester.nemesis;

import io.raftkv.tester.client.Leaders;
import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.cluster.Killable;
import io.raftkv.tester.cluster.Pausable;
import io.raftkv.tester.nemesis.Fault.Targets;
import io.raftkv.tester.nemesis.MembershipApi.Member;
import io.raftkv.tester.net.Grudge;
import io.raftkv.tester.net.Partitions;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The nemesis for a real cluster: partitions through the cluster's {@link
 * io.raftkv.tester.net.Net}, kills through {@link Killable}, pauses through {@link Pausable},
 * membership changes through the nodes' HTTP API ({@link MembershipApi}). It remembers what it
 * broke, so {@link #healAll()} repairs everything even after an error.
 */
public final class ClusterNemesis implements Nemesis {
    private final Cluster cluster;
    private final MembershipApi membership;
    private final Set<String> killed = new LinkedHashSet<>();
    private final Set<String> paused = new LinkedHashSet<>();
    /** Nodes taken out of the membership, with the addresses to add them back with. */
    private final Map<String, Member> removed = new LinkedHashMap<>();
    /** Why healing left something broken, by what is left broken; see {@link #unhealed()}. */
    private final Map<String, String> unhealed = new LinkedHashMap<>();

    private boolean changedMembership;
    private List<String> lastTargets = List.of();
    private Thread thaw;

    public ClusterNemesis(Cluster cluster) {
        this(cluster, MembershipApi.Timing.defaults());
    }

    ClusterNemesis(Cluster cluster, MembershipApi.Timing membershipTiming) {
        this.cluster = cluster;
        this.membership = new MembershipApi(membershipTiming);
    }

    @Override
    public synchronized Object start(Fault fault) {
        return switch (fault) {
            case Fault.Partition p -> {
                Grudge grudge = p.grudge() != null ? p.grudge() : leaderGrudge();
                cluster.net().apply(grudge);
                yield grudge.toValue();
            }
            case Fault.FrozenLeader f -> {
                Pausable pausable = cluster.pausable().orElseThrow(() -> unsupported("pause"));
                String leader = leaderOrFirst();
                Grudge grudge = Partitions.isolate(cluster.nodes(), leader);
                cluster.net().apply(grudge);
                pausable.pause(leader);
                paused.add(leader);
                thaw = Thread.ofVirtual().name("thaw-" + leader).start(() -> {
                    try {
                        Thread.sleep(f.frozenNanos() / 1_000_000);
                        synchronized (this) {
                            if (paused.remove(leader)) {
                                pausable.resume(leader);
                            }
                        }
                    } catch (InterruptedException e) {
                        // stopped early: stop() resumes it
                    }
                });
                yield grudge.toValue();
            }
            case Fault.Kill k -> {
                Killable killable = cluster.killable().orElseThrow(() -> unsupported("kill"));
                lastTargets = resolve(k.targets());
                for (var node : lastTargets) {
                    killable.kill(node);
                    killed.add(node);
                }
                yield lastTargets;
            }
            case Fault.Pause p -> {
                Pausable pausable = cluster.pausable().orElseThrow(() -> unsupported("pause"));
                lastTargets = resolve(p.targets());
                for (var node : lastTargets) {
                    pausable.pause(node);
                    paused.add(node);
                }
                yield lastTargets;
            }
            case Fault.Membership m -> {
                String target = m.targets().leader()
                        ? leaderOrFirst()
                        : m.targets().nodes().getFirst();
                changedMembership = true;
                Member member = voter(target);
                removed.put(target, member);
                List<String> voters = membership.remove(target, via(target));
                var value = new LinkedHashMap<String, Object>();
                value.put("removed", target);
                value.put("voters", voters);
                yield value;
            }
        };
    }

    @Override
    public synchronized Object stop(Fault fault) {
        return switch (fault) {
            case Fault.Partition p -> {
                cluster.net().heal();
                yield "healed";
            }
            case Fault.FrozenLeader f -> {
                if (thaw != null) {
                    thaw.interrupt();
                }
                resumePaused();
                cluster.net().heal();
                yield "healed";
            }
            case Fault.Kill k -> {
                var restarted = new ArrayList<>(killed);
                restartKilled();
                yield restarted;
            }
            case Fault.Pause p -> {
                var resumed = new ArrayList<>(paused);
                resumePaused();
                yield resumed;
            }
            case Fault.Membership m -> {
                var added = new ArrayList<>(removed.keySet());
                List<String> voters = addRemovedBack();
                var value = new LinkedHashMap<String, Object>();
                value.put("added", added);
                value.put("voters", voters);
                yield value;
            }
        };
    }

    @Override
    public synchronized void healAll() {
        try {
            resumePaused();
        } catch (RuntimeException e) {
            System.err.println("heal: resume failed: " + e.getMessage());
        }
        try {
            cluster.net().heal();
        } catch (RuntimeException e) {
            System.err.println("heal: network heal failed: " + e.getMessage());
        }
        try {
            restartKilled();
        } catch (RuntimeException e) {
            System.err.println("heal: restart failed: " + e.getMessage());
        }
        // Last: adding a node back needs a cluster that works.
        unhealed.clear();
        if (changedMembership) {
            try {
                addRemovedBack();
                checkAllVoters();
            } catch (RuntimeException e) {
                System.err.println("heal: membership not restored: " + e.getMessage());
                unhealed.put("membership", e.getMessage());
            }
        }
    }

    /**
     * What the last {@link #healAll()} could not repair, one line each: a node still out of the
     * membership, or a membership that is not every node as a voter.
     */
    @Override
    public synchronized List<String> unhealed() {
        return unhealed.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .toList();
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

    /** Adds every removed node back, each once it is a voter again; returns the voters after. */
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

    private void restartKilled() {
        var killable = cluster.killable();
        for (var node : List.copyOf(killed)) {
            killable.ifPresent(k -> k.restart(node));
            killed.remove(node);
        }
    }

    private void resumePaused() {
        var pausable = cluster.pausable();
        for (var node : List.copyOf(paused)) {
            pausable.ifPresent(p -> p.resume(node));
            paused.remove(node);
        }
    }

    private Grudge leaderGrudge() {
        return Partitions.isolate(cluster.nodes(), leaderOrFirst());
    }

    private List<String> resolve(Targets targets) {
        return targets.leader() ? List.of(leaderOrFirst()) : targets.nodes();
    }

    /** The current leader; when none is known (mid-election), the first node, so faults stay on schedule. */
    private String leaderOrFirst() {
        return Leaders.find(Leaders.byId(cluster.nodes(), cluster.httpAll()))
                .orElse(cluster.nodes().getFirst());
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(cluster.backend() + " cluster cannot " + what);
    }
}
