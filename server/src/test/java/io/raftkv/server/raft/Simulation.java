package io.raftkv.server.raft;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One seeded run of a simulated cluster: random faults (drops, duplicates, delays, partitions,
 * crashes that lose whatever was not persisted) and membership changes (spare nodes that start
 * empty are added as learners and promoted; members, the leader included, are removed and may come
 * back) for most of the run, then a healed phase in which a new proposal must commit on every
 * voter within {@link #HEAL_BOUND} ticks. Safety invariants are
 * checked after every step. Everything derives from the seed, so a failing seed replays exactly.
 */
final class Simulation {
    static final int HEAL_BOUND = 800;
    /** Fewer fault steps than this inject too few faults (about 2.4 per 100 steps) to test anything. */
    static final int MIN_FAULT_STEPS = 1000;
    /** The shortest run: {@link #MIN_FAULT_STEPS} of faults, then the healed phase. */
    static final int MIN_STEPS = MIN_FAULT_STEPS + HEAL_BOUND;

    private static final long DEBUG_FROM = Long.getLong("sim.debugFrom", Long.MAX_VALUE);

    /**
     * What one run did.
     *
     * @param faults every fault: partitions, crashes, dropped and duplicated messages
     * @param injectedFaults partitions and crashes only
     * @param compactions snapshots the nodes took of their own state machines
     * @param installs snapshots received from a leader and installed
     * @param compacts whether this seed's nodes take snapshots at all
     * @param changesMembership whether this seed changes membership at all
     */
    record Stats(
            long steps,
            long elections,
            long commits,
            long faults,
            long injectedFaults,
            long reads,
            long transfers,
            long compactions,
            long installs,
            long membershipChanges,
            boolean compacts,
            boolean changesMembership) {}

    /** Nodes beyond the initial cluster, started empty, that membership changes may add. */
    private static final int SPARES = 2;

    private final long seed;
    private final int steps;
    private final SplittableRandom random;
    private final List<SimNode> nodes = new ArrayList<>();
    private final SimNetwork net;
    private final Invariants invariants = new Invariants();
    private final Map<Long, Long> readFloor = new HashMap<>();
    private final ArrayDeque<String> trace = new ArrayDeque<>();
    /** A taken Ready is persisted in a given step with probability 1/diskSlowness. */
    private final int diskSlowness;
    /** Applied entries between snapshots; 0 = never compact. */
    private final int snapshotEvery;

    private long now;
    private long faults;
    private long readsOk;
    private long nextReadId;
    private long proposals;
    private long transfers;
    private long membershipChanges;
    /**
     * Only with pre-vote and check-quorum: without them a removed server that never learns of its
     * removal raises terms and disrupts the cluster forever (thesis §4.2.3), a liveness problem the
     * server avoids by always running with both.
     */
    private final boolean changesMembership;

    private RaftCore.Proposal marker;
    private long healedAt = -1;
    private boolean progressed;

    /**
     * @throws IllegalArgumentException if {@code steps} is below {@link #MIN_STEPS}: the last {@link
     *     #HEAL_BOUND} steps are fault-free, so a shorter run would test little or nothing
     */
    Simulation(long seed, int steps) {
        if (steps < MIN_STEPS) {
            throw new IllegalArgumentException("a simulation needs at least " + MIN_STEPS + " steps (" + MIN_FAULT_STEPS
                    + " with faults, then " + HEAL_BOUND + " healed), got " + steps);
        }
        this.seed = seed;
        this.steps = steps;
        this.random = new SplittableRandom(seed);
        this.net = new SimNetwork(random.split());
        int size = random.nextInt(4) == 0 ? 5 : 3;
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            ids.add("n" + i);
        }
        boolean robust = random.nextInt(4) != 0; // most runs with pre-vote and check-quorum
        changesMembership = robust;
        int heartbeat = 1 + random.nextInt(3);
        int inflight = 1 + random.nextInt(8);
        int batch = 2 + random.nextInt(15);
        for (String id : ids) {
            RaftConfig c = new RaftConfig(id, ids, 10, heartbeat, robust, robust, inflight, batch);
            nodes.add(new SimNode(c, random.nextLong()));
        }
        for (int i = size + 1; i <= size + SPARES; i++) {
            RaftConfig c = new RaftConfig("n" + i, List.of(), 10, heartbeat, robust, robust, inflight, batch);
            nodes.add(new SimNode(c, random.nextLong()));
        }
        net.dropRate = new double[] {0, 0.01, 0.05, 0.1}[random.nextInt(4)];
        net.duplicateRate = new double[] {0, 0.02, 0.05}[random.nextInt(3)];
        net.maxDelay = random.nextInt(6);
        diskSlowness = 1 + random.nextInt(3);
        snapshotEvery = new int[] {0, 5, 20, 50}[random.nextInt(4)];
        SimSnapshots.clear();
    }

    Stats run() {
        int faultSteps = steps - HEAL_BOUND;
        for (int step = 0; step < steps; step++) {
            if (step < faultSteps) {
                injectFaults();
            } else if (step == faultSteps) {
                heal();
            }
            step();
            if (healedAt >= 0 && !progressed) {
                checkProgress();
            }
        }
        invariants.logMatching(nodes);
        if (!progressed) {
            throw new AssertionError("no proposal committed on every voter within " + HEAL_BOUND
                    + " ticks after healing; marker " + marker + "; " + describe());
        }
        long installs = nodes.stream().mapToLong(n -> n.installs).sum();
        long compactions = nodes.stream().mapToLong(n -> n.compactions).sum();
        long allFaults = faults + net.dropped + net.duplicated;
        return new Stats(
                steps,
                invariants.elections(),
                invariants.commits(),
                allFaults,
                faults,
                readsOk,
                transfers,
                compactions,
                installs,
                membershipChanges,
                snapshotEvery > 0,
                changesMembership);
    }

    private void step() {
        now++;
        for (SimNode n : nodes) {
            if (!n.up() && n.restartAt >= 0 && n.restartAt <= now) {
                n.restart(random.nextLong());
                log("restart " + n.id + " term=" + n.core.term() + " last=" + n.core.lastIndex());
            }
        }
        for (SimNode n : nodes) {
            if (n.up() && random.nextInt(20) != 0) { // clocks drift a little
                n.core.tick();
            }
        }
        for (Message m : net.due(now)) {
            SimNode to = node(m.to());
            if (to.up()) {
                if (now >= DEBUG_FROM) {
                    System.out.println("t=" + now + " deliver " + m);
                }
                to.core.step(m);
            }
        }
        workload();
        for (SimNode n : nodes) {
            if (!n.up()) {
                continue;
            }
            if (n.pending != null && random.nextInt(diskSlowness) == 0) {
                List<ReadState> reads = new ArrayList<>();
                for (Message m : n.finishReady(reads)) {
                    net.send(m, now);
                }
                reads.forEach(this::checkRead);
                n.maybeCompact(snapshotEvery);
            }
            if (n.pending == null && random.nextInt(10) != 0) {
                n.takeReady();
            }
        }
        if (now >= DEBUG_FROM) {
            for (SimNode n : nodes) {
                if (n.up()) {
                    String state = n.core.role() + "@" + n.core.term() + " " + n.core.membership() + " mi="
                            + n.core.members.index() + " c=" + n.core.commitIndex();
                    if (!state.equals(n.debugState)) {
                        System.out.println("t=" + now + " " + n.id + " " + state);
                        n.debugState = state;
                    }
                }
            }
        }
        invariants.check(nodes);
        if (now % 25 == 0) {
            invariants.logMatching(nodes);
        }
    }

    private void workload() {
        if (healedAt < 0 && random.nextInt(3) == 0) {
            SimNode n = randomUpNode();
            if (n != null) {
                byte[] cmd = ("c" + seed + "-" + proposals++).getBytes(StandardCharsets.UTF_8);
                n.core.propose(cmd);
            }
        }
        SimNode leader = leader();
        if (leader != null && random.nextInt(300) == 0) {
            SimNode target = nodes.get(random.nextInt(nodes.size()));
            if (leader.core.transferLeadership(target.id)) {
                log("transfer " + leader.id + " -> " + target.id);
                transfers++;
            }
        }
        if (changesMembership && healedAt < 0 && leader != null && random.nextInt(100) == 0) {
            changeMembership(leader);
        }
        if (random.nextInt(8) == 0) {
            SimNode n = randomUpNode();
            if (n != null) {
                invariants.check(nodes); // the floor includes every commit known right now
                long id = ++nextReadId;
                readFloor.put(id, invariants.highestCommitted());
                n.core.readIndex(id);
            }
        }
    }

    /** Adds a non-member as a learner, or removes a member (maybe the leader), one at a time. */
    private void changeMembership(SimNode leader) {
        if (!leader.core.canChangeMembership()) {
            return;
        }
        Membership m = leader.core.membership();
        List<String> outside =
                nodes.stream().map(n -> n.id).filter(id -> !m.contains(id)).toList();
        List<String> inside = List.copyOf(m.members().keySet());
        Membership next;
        if (!outside.isEmpty() && (inside.size() <= 2 || random.nextBoolean())) {
            String id = outside.get(random.nextInt(outside.size()));
            next = m.with(new Membership.Member(id, null, null, false));
        } else {
            next = m.without(inside.get(random.nextInt(inside.size())));
            if (next.voters().isEmpty()) {
                return;
            }
        }
        if (leader.core.proposeMembership(next) != null) {
            membershipChanges++;
            log("membership " + m + " -> " + next + " at " + leader.id);
        }
    }

    /** Linearizable reads: the read index covers every entry committed before the read began. */
    private void checkRead(ReadState rs) {
        long floor = readFloor.remove(rs.requestId());
        if (rs.ok()) {
            readsOk++;
            if (rs.index() < floor) {
                throw new AssertionError("read " + rs.requestId() + " got index " + rs.index() + " but index " + floor
                        + " was committed before it was requested");
            }
        }
    }

    private void injectFaults() {
        int dice = random.nextInt(1000);
        if (dice < 8) {
            net.heal();
            faults++;
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            SimNode leader = leader();
            int kind = random.nextInt(3);
            for (SimNode n : nodes) {
                boolean sideA = kind == 0 ? random.nextBoolean() : n == leader;
                (sideA ? a : b).add(n.id);
            }
            if (kind == 2 && leader != null) {
                String other = b.get(random.nextInt(b.size()));
                net.block(leader.id, other); // one-way loss from the leader
                log("block " + leader.id + ">" + other);
            } else {
                net.partition(a, b);
                log("partition " + a + " | " + b);
            }
        } else if (dice < 16) {
            net.heal();
            log("heal partition");
        } else if (dice < 24) {
            SimNode n = randomUpNode();
            if (n != null) {
                n.crash(now + 5 + random.nextInt(80));
                faults++;
                log("crash " + n.id);
            }
        }
    }

    private void heal() {
        net.heal();
        net.dropRate = 0;
        net.duplicateRate = 0;
        net.maxDelay = Math.min(net.maxDelay, 2);
        for (SimNode n : nodes) {
            if (!n.up()) {
                n.restartAt = now;
            }
        }
        healedAt = now;
        log("heal all");
    }

    /** After healing, a new proposal commits and is applied on every node. */
    private void checkProgress() {
        SimNode leader = leader();
        // Voters: a learner counts in no quorum, and on a slow network may still be catching up.
        List<SimNode> members = leader == null
                ? nodes
                : nodes.stream()
                        .filter(n -> leader.core.membership().isVoter(n.id))
                        .toList();
        if (marker != null && members.stream().allMatch(n -> n.up() && n.applied.size() >= marker.index())) {
            if (invariants.committedEntry(marker.index()).term() == marker.term()) {
                progressed = true;
                return;
            }
        }
        if (leader != null && (marker == null || leader.core.log.term(marker.index()) != marker.term())) {
            marker = leader.core.propose("marker".getBytes(StandardCharsets.UTF_8)); // (again): lost meanwhile
        }
    }

    private String describe() {
        StringBuilder b = new StringBuilder();
        for (SimNode n : nodes) {
            b.append(n.id).append(n.up() ? "" : "(down)");
            if (n.up()) {
                b.append("{")
                        .append(n.core.role())
                        .append(" term=")
                        .append(n.core.term())
                        .append(" leader=")
                        .append(n.core.leader())
                        .append(" commit=")
                        .append(n.core.commitIndex())
                        .append(" last=")
                        .append(n.core.lastIndex())
                        .append(" persisted=")
                        .append(n.core.log.persistedIndex())
                        .append(" applied=")
                        .append(n.applied.size());
                if (n.core.leaderState() != null) {
                    b.append(" progress=").append(n.core.leaderState().describe());
                }
                b.append("} ");
            }
        }
        return b.toString();
    }

    private SimNode leader() {
        SimNode best = null;
        for (SimNode n : nodes) {
            if (n.up() && n.core.role() == Role.LEADER && (best == null || n.core.term() > best.core.term())) {
                best = n;
            }
        }
        return best;
    }

    private SimNode randomUpNode() {
        List<SimNode> up = nodes.stream().filter(SimNode::up).toList();
        return up.isEmpty() ? null : up.get(random.nextInt(up.size()));
    }

    private SimNode node(String id) {
        return nodes.get(Integer.parseInt(id.substring(1)) - 1);
    }

    private void log(String event) {
        trace.addLast("t=" + now + " " + event);
        if (trace.size() > Integer.getInteger("sim.trace", 30)) {
            trace.removeFirst();
        }
    }

    /** The last fault events, for a failure report. */
    String recentEvents() {
        return String.join("\n  ", trace);
    }

    long now() {
        return now;
    }
}
