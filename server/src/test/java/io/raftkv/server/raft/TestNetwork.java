package io.raftkv.server.raft;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A synchronous in-process network for scenario tests: no threads, no clock. Every node's Ready is
 * handled at once (persist, send, apply, advance); messages are delivered in FIFO order by {@link
 * #stabilize()}. Links can be cut, nodes isolated, and messages dropped by a predicate.
 *
 * <p>Which simulated network to use: this one for a scenario test of the Raft core that sets up one
 * exact situation (a paper figure, a message lost at one point) and asserts exact terms and
 * entries. {@link SimNetwork} drives the core through random faults from a seed for {@link
 * Simulation}, where only invariants are asserted. {@code io.raftkv.server.testing.MemoryNetwork}
 * connects whole nodes ({@code RaftNode} on Vert.x, through the {@code Transport} interface) when a
 * test needs the node, storage or HTTP layer rather than the core alone.
 */
final class TestNetwork {
    final Map<String, TestNode> nodes = new TreeMap<>();
    private final ArrayDeque<Message> inFlight = new ArrayDeque<>();
    private final Set<String> cutLinks = new HashSet<>();
    private final List<Predicate<Message>> dropRules = new ArrayList<>();
    final List<Message> delivered = new ArrayList<>();

    /** A cluster n1..nN with the given per-node configuration. */
    static TestNetwork of(int size, Function<RaftConfig, RaftConfig> customize) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            ids.add("n" + i);
        }
        TestNetwork net = new TestNetwork();
        for (String id : ids) {
            net.nodes.put(id, new TestNode(customize.apply(RaftConfig.of(id, ids)), id.hashCode()));
        }
        return net;
    }

    static TestNetwork of(int size) {
        return of(size, c -> c);
    }

    /** Config without pre-vote and check-quorum, for scenarios that steer elections by hand. */
    static RaftConfig plain(RaftConfig c) {
        return new RaftConfig(
                c.id(),
                c.peers(),
                c.electionTicks(),
                c.heartbeatTicks(),
                false,
                false,
                c.maxInflight(),
                c.maxBatchEntries());
    }

    /** Adds a node that starts empty, with no membership, as one joining the cluster would. */
    TestNode addJoiner(String id) {
        TestNode n = new TestNode(RaftConfig.of(id, List.of()), id.hashCode());
        nodes.put(id, n);
        return n;
    }

    TestNode node(String id) {
        return nodes.get(id);
    }

    RaftCore core(String id) {
        return nodes.get(id).core;
    }

    void cut(String a, String b) {
        cutLinks.add(a + ">" + b);
        cutLinks.add(b + ">" + a);
    }

    void isolate(String id) {
        for (String other : nodes.keySet()) {
            if (!other.equals(id)) {
                cut(id, other);
            }
        }
    }

    void drop(Predicate<Message> rule) {
        dropRules.add(rule);
    }

    /** Heals every cut and drop rule. */
    void recover() {
        cutLinks.clear();
        dropRules.clear();
    }

    /** Handles every pending Ready of a node, queueing its messages. */
    void process(String id) {
        TestNode n = nodes.get(id);
        while (n.core.hasReady()) {
            for (Message m : n.handleReady()) {
                if (!cutLinks.contains(m.from() + ">" + m.to())
                        && dropRules.stream().noneMatch(r -> r.test(m))) {
                    inFlight.add(m);
                }
            }
        }
    }

    /** Delivers messages until none is left; returns how many were delivered. */
    int stabilize() {
        nodes.keySet().forEach(this::process);
        int count = 0;
        while (!inFlight.isEmpty()) {
            Message m = inFlight.poll();
            if (cutLinks.contains(m.from() + ">" + m.to()) || dropRules.stream().anyMatch(r -> r.test(m))) {
                continue;
            }
            delivered.add(m);
            nodes.get(m.to()).core.step(m);
            process(m.to());
            count++;
            if (count > 1_000_000) {
                throw new AssertionError("network does not quiesce");
            }
        }
        return count;
    }

    void tick(String id, int ticks) {
        for (int i = 0; i < ticks; i++) {
            core(id).tick();
            process(id);
        }
    }

    void tickAll(int ticks) {
        for (int i = 0; i < ticks; i++) {
            nodes.keySet().forEach(id -> tick(id, 1));
            stabilize();
        }
    }

    /** Makes {@code id} time out and run an election to completion. */
    void elect(String id) {
        core(id).startElection();
        stabilize();
    }

    RaftCore.Proposal propose(String id, String command) {
        RaftCore.Proposal p = core(id).propose(command.getBytes(StandardCharsets.UTF_8));
        stabilize();
        return p;
    }

    /** The leaders among the nodes, by id. */
    List<String> leaders() {
        return nodes.keySet().stream()
                .filter(id -> core(id).role() == Role.LEADER)
                .toList();
    }

    /** A node with durable storage and a trivial state machine (the list of applied entries). */
    static final class TestNode {
        final RaftConfig config;
        final long seed;
        RaftCore core;
        HardState hardState = HardState.EMPTY;
        final List<Entry> stored = new ArrayList<>();
        final List<Entry> applied = new ArrayList<>();
        final List<ReadState> readStates = new ArrayList<>();
        final List<Ready> readies = new ArrayList<>();

        TestNode(RaftConfig config, long seed) {
            this.config = config;
            this.seed = seed;
            this.core = new RaftCore(config, hardState, List.of(), new SplittableRandom(seed));
        }

        List<Message> handleReady() {
            Ready r = core.ready();
            readies.add(r);
            if (r.hardState() != null) {
                hardState = r.hardState();
            }
            if (!r.entries().isEmpty()) {
                long first = r.entries().getFirst().index();
                while (stored.size() >= first) {
                    stored.removeLast();
                }
                stored.addAll(r.entries());
            }
            applied.addAll(r.committed());
            readStates.addAll(r.readStates());
            core.advance(r);
            return r.messages();
        }

        /** Replaces the durable state and restarts from it. */
        void preload(HardState hs, List<Entry> entries) {
            hardState = hs;
            stored.clear();
            stored.addAll(entries);
            restart();
        }

        /** Loses everything not persisted and starts again from storage. */
        void restart() {
            core = new RaftCore(config, hardState, List.copyOf(stored), new SplittableRandom(seed + 1));
            applied.clear();
        }

        List<String> appliedCommands() {
            return applied.stream()
                    .filter(e -> e.type() == EntryType.NORMAL)
                    .map(e -> new String(e.data(), StandardCharsets.UTF_8))
                    .toList();
        }
    }
}
