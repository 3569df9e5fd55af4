package io.raftkv.tester.nemesis;

import io.raftkv.tester.client.Leaders;
import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.cluster.Killable;
import io.raftkv.tester.cluster.Pausable;
import io.raftkv.tester.nemesis.Fault.Targets;
import io.raftkv.tester.net.Grudge;
import io.raftkv.tester.net.Partitions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The nemesis for a real cluster: partitions through the cluster's {@link
 * io.raftkv.tester.net.Net}, kills through {@link Killable}, pauses through {@link Pausable}. It
 * remembers what it broke, so {@link #healAll()} repairs everything even after an error.
 */
public final class ClusterNemesis implements Nemesis {
    private final Cluster cluster;
    private final Set<String> killed = new LinkedHashSet<>();
    private final Set<String> paused = new LinkedHashSet<>();
    private List<String> lastTargets = List.of();

    public ClusterNemesis(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public synchronized Object start(Fault fault) {
        return switch (fault) {
            case Fault.Partition p -> {
                Grudge grudge = p.grudge() != null ? p.grudge() : leaderGrudge();
                cluster.net().apply(grudge);
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
        };
    }

    @Override
    public synchronized Object stop(Fault fault) {
        return switch (fault) {
            case Fault.Partition p -> {
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
