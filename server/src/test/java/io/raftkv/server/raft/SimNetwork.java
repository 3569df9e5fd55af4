package io.raftkv.server.raft;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded lossy network: each message may be dropped, duplicated, and is delayed by a random
 * number of ticks (so messages reorder). Partitions are a set of blocked directed links, checked
 * when a message is sent and again when it would be delivered.
 *
 * <p>Only for {@link Simulation}: every choice comes from its seed, and the faults are random, so
 * tests built on it assert invariants, not outcomes. A scenario test of the core that needs one
 * exact message order uses {@link TestNetwork}; a test of whole nodes on Vert.x uses {@code
 * io.raftkv.server.testing.MemoryNetwork}.
 */
final class SimNetwork {
    private record Envelope(long deliverAt, Message message) {}

    private final SplittableRandom random;
    private final List<Envelope> inTransit = new ArrayList<>();
    private final Set<String> blocked = new HashSet<>();
    double dropRate;
    double duplicateRate;
    int maxDelay;
    long dropped;
    long duplicated;

    SimNetwork(SplittableRandom random) {
        this.random = random;
    }

    void send(Message m, long now) {
        if (isBlocked(m)) {
            return;
        }
        if (random.nextDouble() < dropRate) {
            dropped++;
            return;
        }
        inTransit.add(new Envelope(now + random.nextInt(maxDelay + 1), m));
        if (random.nextDouble() < duplicateRate) {
            duplicated++;
            inTransit.add(new Envelope(now + random.nextInt(maxDelay + 1), m));
        }
    }

    /** Messages due by {@code now}, in random order, removed from transit; blocked ones are lost. */
    List<Message> due(long now) {
        List<Message> out = new ArrayList<>();
        List<Envelope> keep = new ArrayList<>(inTransit.size());
        for (Envelope e : inTransit) {
            if (e.deliverAt() <= now) {
                if (!isBlocked(e.message())) {
                    out.add(e.message());
                }
            } else {
                keep.add(e);
            }
        }
        inTransit.clear();
        inTransit.addAll(keep);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            out.set(i, out.set(j, out.get(i)));
        }
        return out;
    }

    private boolean isBlocked(Message m) {
        return blocked.contains(m.from() + ">" + m.to());
    }

    /** Splits the nodes into two sides that cannot talk to each other. */
    void partition(List<String> sideA, List<String> sideB) {
        for (String a : sideA) {
            for (String b : sideB) {
                blocked.add(a + ">" + b);
                blocked.add(b + ">" + a);
            }
        }
    }

    /** Blocks one direction only: asymmetric faults. */
    void block(String from, String to) {
        blocked.add(from + ">" + to);
    }

    void heal() {
        blocked.clear();
    }

    boolean isPartitioned() {
        return !blocked.isEmpty();
    }
}
