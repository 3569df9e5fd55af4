package io.raftkv.tester.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure functions that build {@link Grudge}s, after Jepsen's {@code nemesis} namespace. They take the
 * node ids in a fixed order and an explicit {@link Random}, so a seed gives the same partitions.
 */
public final class Partitions {
    private Partitions() {}

    /** Random halves: a shuffled split into a minority of ⌊n/2⌋ nodes and a majority. */
    public static Grudge halves(List<String> nodes, Random random) {
        var shuffled = new ArrayList<>(nodes);
        Collections.shuffle(shuffled, random);
        int cut = shuffled.size() / 2;
        return Grudge.fromComponents(List.of(shuffled.subList(0, cut), shuffled.subList(cut, shuffled.size())));
    }

    /** One node cut off from all the others. */
    public static Grudge isolate(List<String> nodes, String node) {
        if (!nodes.contains(node)) {
            throw new IllegalArgumentException("unknown node " + node);
        }
        var rest = new ArrayList<>(nodes);
        rest.remove(node);
        return Grudge.fromComponents(List.of(List.of(node), rest));
    }

    /** A uniformly chosen node cut off from all the others. */
    public static Grudge isolateOne(List<String> nodes, Random random) {
        return isolate(nodes, nodes.get(random.nextInt(nodes.size())));
    }

    /**
     * Majorities ring: in a random ring order, each node hears only its neighbours within the
     * smallest radius that makes a majority. Every node sees a majority, but no two nodes see the same
     * one, so no majority agrees on what it sees. Links are symmetric (a TCP connection dies both ways
     * when either end drops the other), which needs at least 4 nodes.
     */
    public static Grudge majoritiesRing(List<String> nodes, Random random) {
        if (nodes.size() < 4) {
            throw new IllegalArgumentException("a majorities ring needs at least 4 nodes, got " + nodes.size());
        }
        var ring = new ArrayList<>(nodes);
        Collections.shuffle(ring, random);
        int n = ring.size();
        int majority = n / 2 + 1;
        int radius = majority / 2; // 2·radius + 1 ≥ majority
        var drops = new TreeMap<String, Set<String>>();
        for (int i = 0; i < n; i++) {
            var hears = new TreeSet<String>();
            for (int d = -radius; d <= radius; d++) {
                hears.add(ring.get(Math.floorMod(i + d, n)));
            }
            var dropped = new TreeSet<>(ring);
            dropped.removeAll(hears);
            drops.put(ring.get(i), dropped);
        }
        return new Grudge(drops);
    }

    /**
     * Bridge: two halves that do not hear each other, and one node in the middle that hears both.
     * The bridge node can see a majority on either side; nobody else can without it.
     */
    public static Grudge bridge(List<String> nodes, Random random) {
        if (nodes.size() < 3) {
            throw new IllegalArgumentException("a bridge needs at least 3 nodes, got " + nodes.size());
        }
        var shuffled = new ArrayList<>(nodes);
        Collections.shuffle(shuffled, random);
        String middle = shuffled.removeFirst();
        int cut = shuffled.size() / 2;
        var left = new ArrayList<>(shuffled.subList(0, cut));
        var right = new ArrayList<>(shuffled.subList(cut, shuffled.size()));
        left.add(middle);
        right.add(middle);
        return Grudge.fromComponents(List.of(left, right));
    }
}
