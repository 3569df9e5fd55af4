package io.raftkv.tester.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PartitionsTest {
    private static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");
    private static final List<String> THREE = List.of("n1", "n2", "n3");

    /** The nodes a node still hears, itself included. */
    private static Set<String> hears(Grudge g, List<String> nodes, String node) {
        var out = new TreeSet<>(nodes);
        out.removeAll(g.drops().getOrDefault(node, Set.of()));
        return out;
    }

    private static void assertSymmetric(Grudge g, List<String> nodes) {
        for (var a : nodes) {
            for (var b : nodes) {
                assertEquals(
                        g.drops().getOrDefault(a, Set.of()).contains(b),
                        g.drops().getOrDefault(b, Set.of()).contains(a),
                        a + " and " + b + " disagree in " + g);
            }
        }
    }

    @Test
    void halves_splitIntoMinorityAndMajorityThatDoNotHearEachOther() {
        for (long seed = 0; seed < 50; seed++) {
            Grudge g = Partitions.halves(FIVE, new Random(seed));
            assertSymmetric(g, FIVE);
            var sizes = new ArrayList<Integer>();
            var components = new HashSet<Set<String>>();
            for (var n : FIVE) {
                components.add(hears(g, FIVE, n));
            }
            components.forEach(c -> sizes.add(c.size()));
            sizes.sort(null);
            assertEquals(List.of(2, 3), sizes, "seed " + seed + ": " + g);
        }
    }

    @Test
    void halves_sameSeedSamePartition_otherSeedsDiffer() {
        assertEquals(Partitions.halves(FIVE, new Random(7)), Partitions.halves(FIVE, new Random(7)));
        var seen = new HashSet<Grudge>();
        for (long seed = 0; seed < 40; seed++) {
            seen.add(Partitions.halves(FIVE, new Random(seed)));
        }
        assertTrue(seen.size() > 3, "halves should vary with the seed, got " + seen.size() + " distinct");
    }

    @Test
    void isolate_cutsOneNodeFromEveryOther() {
        Grudge g = Partitions.isolate(THREE, "n2");
        assertEquals(Set.of("n2"), hears(g, THREE, "n2"));
        assertEquals(Set.of("n1", "n3"), hears(g, THREE, "n1"));
        assertTrue(g.cuts("n1", "n2"));
        assertFalse(g.cuts("n1", "n3"));
        assertThrows(IllegalArgumentException.class, () -> Partitions.isolate(THREE, "n9"));
    }

    @Test
    void majoritiesRing_everyNodeSeesADifferentMajority() {
        for (var nodes : List.of(FIVE, List.of("a", "b", "c", "d"), List.of("a", "b", "c", "d", "e", "f", "g"))) {
            for (long seed = 0; seed < 20; seed++) {
                Grudge g = Partitions.majoritiesRing(nodes, new Random(seed));
                assertSymmetric(g, nodes);
                var views = new HashSet<Set<String>>();
                for (var n : nodes) {
                    var h = hears(g, nodes, n);
                    assertTrue(h.size() > nodes.size() / 2, n + " sees no majority in " + g);
                    views.add(h);
                }
                assertEquals(nodes.size(), views.size(), "two nodes share a view in " + g);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Partitions.majoritiesRing(THREE, new Random(1)));
    }

    @Test
    void bridge_onlyTheMiddleNodeHearsBothSides() {
        for (var nodes : List.of(THREE, FIVE)) {
            for (long seed = 0; seed < 20; seed++) {
                Grudge g = Partitions.bridge(nodes, new Random(seed));
                assertSymmetric(g, nodes);
                var full = nodes.stream()
                        .filter(n -> hears(g, nodes, n).size() == nodes.size())
                        .toList();
                assertEquals(1, full.size(), "exactly one bridge node in " + g);
                for (var n : nodes) {
                    if (!full.contains(n)) {
                        assertTrue(hears(g, nodes, n).contains(full.getFirst()), n + " must hear the bridge");
                        assertTrue(hears(g, nodes, n).size() < nodes.size());
                    }
                }
            }
        }
    }

    @Test
    void grudge_rejectsSelfDropsAndIgnoresEmptyEntries() {
        assertThrows(IllegalArgumentException.class, () -> new Grudge(java.util.Map.of("n1", Set.of("n1"))));
        assertTrue(new Grudge(java.util.Map.of("n1", Set.of())).isEmpty());
        assertTrue(Grudge.none().isEmpty());
    }
}
