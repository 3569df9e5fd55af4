package io.raftkv.tester.nemesis;

import io.raftkv.tester.nemesis.Fault.Targets;
import io.raftkv.tester.net.Partitions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The faults a schedule can draw, by their command-line names. The broad names {@code partition},
 * {@code kill} and {@code pause} expand to a mix of the narrow ones; {@code membership} removes a
 * random voter (the leader included) and {@code membership-leader} the leader. {@code power-loss}
 * (a node, the leader, a majority, or every node at once, as in a power cut) SIGKILLs the nodes and drops
 * what they had not fsynced; {@code torn-write} (a node or the leader) keeps a random prefix of it
 * instead; {@code corrupt} damages a node's fsynced data; {@code fsync-error} fails a node's next
 * fsync; {@code disk} is all of these. Disk faults need nodes whose data directories the rig serves
 * through its disk-fault file system ({@link #needsDisk()}).
 */
public enum FaultKind {
    PARTITION_HALVES,
    PARTITION_ONE,
    PARTITION_LEADER,
    PARTITION_RING,
    PARTITION_BRIDGE,
    PARTITION_LEADER_FROZEN,
    KILL_ONE,
    KILL_LEADER,
    KILL_MINORITY,
    KILL_ALL,
    PAUSE_ONE,
    PAUSE_LEADER,
    PAUSE_MINORITY,
    MEMBERSHIP,
    MEMBERSHIP_LEADER,
    POWER_LOSS_ONE,
    POWER_LOSS_LEADER,
    POWER_LOSS_MAJORITY,
    POWER_LOSS_ALL,
    TORN_WRITE_ONE,
    TORN_WRITE_LEADER,
    CORRUPT,
    FSYNC_ERROR;

    /** Every disk fault, for {@code disk}. */
    private static final List<FaultKind> DISK = List.of(
            POWER_LOSS_ONE,
            POWER_LOSS_LEADER,
            POWER_LOSS_MAJORITY,
            POWER_LOSS_ALL,
            TORN_WRITE_ONE,
            TORN_WRITE_LEADER,
            CORRUPT,
            FSYNC_ERROR);

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether this fault acts on the nodes' disks, which must then be served by the disk-fault file system. */
    public boolean needsDisk() {
        return switch (this) {
            case POWER_LOSS_ONE,
                    POWER_LOSS_LEADER,
                    POWER_LOSS_MAJORITY,
                    POWER_LOSS_ALL,
                    TORN_WRITE_ONE,
                    TORN_WRITE_LEADER,
                    CORRUPT,
                    FSYNC_ERROR -> true;
            default -> false;
        };
    }

    /** Draws a concrete fault; the random source is the schedule's, so the draw is reproducible. */
    Fault draw(List<String> nodes, Random random, long lengthNanos) {
        return switch (this) {
            case PARTITION_HALVES -> new Fault.Partition("halves", Partitions.halves(nodes, random));
            case PARTITION_ONE -> new Fault.Partition("one", Partitions.isolateOne(nodes, random));
            case PARTITION_LEADER -> new Fault.Partition("leader", null);
            case PARTITION_RING -> new Fault.Partition("ring", Partitions.majoritiesRing(nodes, random));
            case PARTITION_BRIDGE -> new Fault.Partition("bridge", Partitions.bridge(nodes, random));
            // Thawed 2.5 s before the window ends: long enough to outlive one election timeout.
            case PARTITION_LEADER_FROZEN ->
                new Fault.FrozenLeader(Math.max(lengthNanos / 2, lengthNanos - 2_500_000_000L));
            case KILL_ONE -> new Fault.Kill(Targets.of(List.of(nodes.get(random.nextInt(nodes.size())))));
            case KILL_LEADER -> new Fault.Kill(Targets.leaderOnly());
            case KILL_MINORITY -> new Fault.Kill(Targets.of(minority(nodes, random)));
            case KILL_ALL -> new Fault.Kill(Targets.of(nodes));
            case PAUSE_ONE -> new Fault.Pause(Targets.of(List.of(nodes.get(random.nextInt(nodes.size())))));
            case PAUSE_LEADER -> new Fault.Pause(Targets.leaderOnly());
            case PAUSE_MINORITY -> new Fault.Pause(Targets.of(minority(nodes, random)));
            case MEMBERSHIP -> new Fault.Membership(Targets.of(List.of(nodes.get(random.nextInt(nodes.size())))));
            case MEMBERSHIP_LEADER -> new Fault.Membership(Targets.leaderOnly());
            case POWER_LOSS_ONE -> new Fault.PowerLoss(Targets.of(List.of(nodes.get(random.nextInt(nodes.size())))));
            case POWER_LOSS_LEADER -> new Fault.PowerLoss(Targets.leaderOnly());
            case POWER_LOSS_MAJORITY -> new Fault.PowerLoss(Targets.of(majority(nodes, random)));
            case POWER_LOSS_ALL -> new Fault.PowerLoss(Targets.of(nodes));
            case TORN_WRITE_ONE -> new Fault.TornWrite(Targets.of(List.of(one(nodes, random))), random.nextLong());
            case TORN_WRITE_LEADER -> new Fault.TornWrite(Targets.leaderOnly(), random.nextLong());
            case CORRUPT -> new Fault.Corrupt(Targets.of(List.of(one(nodes, random))), random.nextLong());
            case FSYNC_ERROR -> new Fault.FsyncError(Targets.of(List.of(one(nodes, random))));
        };
    }

    private static String one(List<String> nodes, Random random) {
        return nodes.get(random.nextInt(nodes.size()));
    }

    /** A random largest minority: ⌊(n-1)/2⌋ nodes. */
    static List<String> minority(List<String> nodes, Random random) {
        var shuffled = new ArrayList<>(nodes);
        Collections.shuffle(shuffled, random);
        return List.copyOf(shuffled.subList(0, Math.max(1, (nodes.size() - 1) / 2)));
    }

    /** A random smallest majority: ⌊n/2⌋+1 nodes. */
    static List<String> majority(List<String> nodes, Random random) {
        var shuffled = new ArrayList<>(nodes);
        Collections.shuffle(shuffled, random);
        return List.copyOf(shuffled.subList(0, nodes.size() / 2 + 1));
    }

    /**
     * Parses a comma-separated list such as {@code partition,kill,pause} or {@code
     * partition-leader,kill-all}; {@code none} or an empty string gives no faults.
     *
     * @throws IllegalArgumentException naming the unknown entry
     */
    public static List<FaultKind> parse(String spec, int nodeCount) {
        var out = new LinkedHashSet<FaultKind>();
        for (String raw : spec.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "", "none" -> {}
                case "partition" -> {
                    out.addAll(List.of(PARTITION_HALVES, PARTITION_ONE, PARTITION_LEADER, PARTITION_LEADER_FROZEN));
                    if (nodeCount >= 4) {
                        out.add(PARTITION_RING);
                    }
                    if (nodeCount >= 3) {
                        out.add(PARTITION_BRIDGE);
                    }
                }
                case "kill" -> out.addAll(List.of(KILL_ONE, KILL_LEADER, KILL_MINORITY));
                case "pause" -> out.addAll(List.of(PAUSE_ONE, PAUSE_LEADER, PAUSE_MINORITY));
                case "power-loss" ->
                    out.addAll(List.of(POWER_LOSS_ONE, POWER_LOSS_LEADER, POWER_LOSS_MAJORITY, POWER_LOSS_ALL));
                case "torn-write" -> out.addAll(List.of(TORN_WRITE_ONE, TORN_WRITE_LEADER));
                case "disk" -> {
                    out.addAll(DISK);
                    if (nodeCount < 3) {
                        out.remove(CORRUPT);
                    }
                }
                default -> out.add(byName(name));
            }
        }
        if (nodeCount < 4 && out.contains(PARTITION_RING)) {
            throw new IllegalArgumentException(
                    "partition-ring needs at least 4 nodes (with 3, every majority ring is the whole cluster), got "
                            + nodeCount);
        }
        if (nodeCount < 3 && out.contains(CORRUPT)) {
            throw new IllegalArgumentException(
                    "corrupt needs at least 3 nodes: the damaged node must stay a minority, got " + nodeCount);
        }
        if (nodeCount < 2 && (out.contains(MEMBERSHIP) || out.contains(MEMBERSHIP_LEADER))) {
            throw new IllegalArgumentException("membership faults need at least 2 nodes: a cluster keeps one voter");
        }
        return List.copyOf(out);
    }

    private static FaultKind byName(String name) {
        for (var kind : values()) {
            if (kind.cliName().equals(name)) {
                return kind;
            }
        }
        var known = new ArrayList<String>(
                List.of("partition", "kill", "pause", "power-loss", "torn-write", "disk", "none"));
        for (var kind : values()) {
            known.add(kind.cliName());
        }
        throw new IllegalArgumentException("unknown nemesis '" + name + "'; known: " + String.join(", ", known));
    }
}
