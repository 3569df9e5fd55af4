package io.raftkv.tester.checker.graph;

import static io.raftkv.tester.checker.graph.DependencyGraph.DATA;
import static io.raftkv.tester.checker.graph.DependencyGraph.RT;
import static io.raftkv.tester.checker.graph.DependencyGraph.RW;
import static io.raftkv.tester.checker.graph.DependencyGraph.WR;
import static io.raftkv.tester.checker.graph.DependencyGraph.WW;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;

/**
 * Finds one short cycle in every strongly connected component of a dependency graph, preferring the
 * weakest anomaly: a cycle of ww edges (G0) before one that also needs wr (G1c), before one with a
 * single rw (G-single), before any (G2); cycles without real-time edges before cycles with them.
 */
final class CycleSearch {

    /** A cycle over transactions: {@code txns[i]} reaches {@code txns[i+1]} (and the last the first). */
    record Cycle(int[] txns, byte[] edgeTypes) {

        int rwCount() {
            int n = 0;
            for (byte t : edgeTypes) {
                n += t == RW ? 1 : 0;
            }
            return n;
        }

        String anomaly() {
            boolean wr = false;
            boolean rt = false;
            for (byte t : edgeTypes) {
                wr |= t == WR;
                rt |= t == RT;
            }
            int rw = rwCount();
            String base = rw >= 2 ? "G2" : rw == 1 ? "G-single" : wr ? "G1c" : "G0";
            return rt ? base + "-realtime" : base;
        }
    }

    /** Start vertices tried per sub-component: the shortest cycle through any of them is kept. */
    private static final int STARTS = 16;
    /** Sub-components searched per kind of cycle. */
    private static final int PARTS = 4;
    /** rw edges tried per component when looking for a cycle with exactly one of them. */
    private static final int RW_TRIES = 64;
    /**
     * Edge visits per component after which no further searches start (one under way finishes): on a
     * huge component the first cycle found is reported rather than the shortest.
     */
    private static final long BUDGET = 4_000_000;

    private static final byte[] PLAIN_MASKS = {WW, WW | WR, DATA};
    private final DependencyGraph g;
    private final MaskedComponents masked;
    private final int[] component;
    private final int[] stamp;
    private final int[] settled;
    private final int[] dist;
    private final int[] parent;
    private final byte[] parentType;
    private final IntDeque deque = new IntDeque();
    private int epoch;
    private long work;

    CycleSearch(DependencyGraph g) {
        this.g = g;
        int n = g.vertices;
        masked = new MaskedComponents(g);
        component = new int[n];
        stamp = new int[n];
        settled = new int[n];
        dist = new int[n];
        parent = new int[n];
        parentType = new byte[n];
    }

    /** One cycle per non-trivial strongly connected component. */
    List<Cycle> cycles() {
        List<Cycle> found = new ArrayList<>();
        Graph<Integer, Integer> core = g.cyclicCore();
        int id = 0;
        for (Set<Integer> scc : new KosarajuStrongConnectivityInspector<>(core).stronglyConnectedSets()) {
            if (scc.size() < 2) {
                continue;
            }
            id++;
            int[] vertices = scc.stream().mapToInt(Integer::intValue).sorted().toArray();
            for (int v : vertices) {
                component[v] = id;
            }
            work = 0;
            Cycle c = weakest(vertices, id);
            if (c != null) {
                found.add(c);
            }
        }
        return found;
    }

    private Cycle weakest(int[] vertices, int comp) {
        for (byte extra : new byte[] {0, RT}) {
            for (byte mask : PLAIN_MASKS) {
                Cycle c = mask == DATA ? singleRw(vertices, comp, (byte) (WW | WR | extra)) : null;
                if (c == null) {
                    c = within(vertices, comp, (byte) (mask | extra));
                }
                if (c != null) {
                    return c;
                }
            }
        }
        return null; // not reached: a component of the full graph has a cycle over all edge types
    }

    /** The shortest cycle found using only {@code mask} edges inside the component, or null. */
    private Cycle within(int[] vertices, int comp, byte mask) {
        int parts = masked.compute(vertices, component, comp, mask);
        Cycle best = null;
        for (int label = 1; label <= Math.min(parts, PARTS); label++) {
            int tried = 0;
            for (int start : masked.members(vertices, label)) {
                if (!g.isTxn(start)) {
                    continue;
                }
                Cycle c = path(start, start, mask, masked.id, label);
                if (c != null && (best == null || c.txns().length < best.txns().length)) {
                    best = c;
                }
                if (++tried == STARTS || best.txns().length == 2 || work > BUDGET) {
                    break;
                }
            }
        }
        return best;
    }

    /** The shortest cycle found of one rw edge closed by a path of {@code pathMask} edges. */
    private Cycle singleRw(int[] vertices, int comp, byte pathMask) {
        Cycle best = null;
        int tried = 0;
        for (int u : vertices) {
            if (!g.isTxn(u)) {
                continue;
            }
            for (int e = g.offsets[u]; e < g.offsets[u + 1]; e++) {
                int v = g.targets[e];
                if (g.types[e] != RW || component[v] != comp) {
                    continue;
                }
                if (tried++ == RW_TRIES || work > BUDGET || (best != null && best.txns().length == 2)) {
                    return best;
                }
                Cycle p = path(v, u, pathMask, component, comp);
                if (p != null && (best == null || p.txns().length + 1 < best.txns().length)) {
                    int n = p.txns().length + 1;
                    int[] txns = new int[n];
                    byte[] types = new byte[n];
                    txns[0] = u;
                    types[0] = RW;
                    System.arraycopy(p.txns(), 0, txns, 1, n - 1);
                    System.arraycopy(p.edgeTypes(), 0, types, 1, n - 1);
                    best = new Cycle(txns, types);
                }
            }
        }
        return best;
    }

    /**
     * 0-1 breadth-first search inside {@code area[v] == areaId} from {@code from} to {@code to} over
     * {@code mask} edges; a step into a barrier costs nothing, so the path is shortest in
     * transactions. Returns the transactions of the path without {@code to}, each with the type of
     * its step towards the next (the last one's towards {@code to}), or null. With {@code from ==
     * to} that is a cycle.
     */
    private Cycle path(int from, int to, byte mask, int[] area, int areaId) {
        epoch++;
        deque.clear();
        deque.addLast(from);
        stamp[from] = epoch;
        dist[from] = 0;
        while (!deque.isEmpty()) {
            int u = deque.removeFirst();
            if (settled[u] == epoch) {
                continue; // popped before at a distance no greater
            }
            settled[u] = epoch;
            work += g.offsets[u + 1] - g.offsets[u];
            for (int e = g.offsets[u]; e < g.offsets[u + 1]; e++) {
                int v = g.targets[e];
                byte t = (byte) (g.types[e] & mask);
                if (t == 0 || area[v] != areaId) {
                    continue;
                }
                if (v == to) {
                    return trace(from, u, to, preferred(t));
                }
                int w = g.isTxn(v) ? 1 : 0;
                if (stamp[v] == epoch && dist[v] <= dist[u] + w) {
                    continue;
                }
                stamp[v] = epoch;
                dist[v] = dist[u] + w;
                parent[v] = u;
                parentType[v] = preferred(t);
                if (w == 0) {
                    deque.addFirst(v);
                } else {
                    deque.addLast(v);
                }
            }
        }
        return null;
    }

    /** Folds the path from {@code from} to {@code last}, then {@code to}, into steps between transactions. */
    private Cycle trace(int from, int last, int to, byte closing) {
        List<Integer> verts = new ArrayList<>();
        for (int v = last; v != from; v = parent[v]) {
            verts.add(v);
        }
        verts.add(from);
        java.util.Collections.reverse(verts);
        verts.add(to);
        int[] txns = new int[verts.size()];
        byte[] types = new byte[verts.size()];
        int n = 0;
        int prev = -1;
        for (int i = 0; i < verts.size(); i++) {
            int v = verts.get(i);
            if (!g.isTxn(v)) {
                continue;
            }
            if (prev >= 0) {
                // a step through barriers is real-time; a direct step has the type of its edge
                types[n - 1] = i == prev + 1 ? (i == verts.size() - 1 ? closing : parentType[v]) : RT;
            }
            if (i < verts.size() - 1) {
                txns[n++] = v;
            }
            prev = i;
        }
        return new Cycle(Arrays.copyOf(txns, n), Arrays.copyOf(types, n));
    }

    private static byte preferred(byte t) {
        return (t & WW) != 0 ? WW : (t & WR) != 0 ? WR : (t & RW) != 0 ? RW : RT;
    }

    /** A growable ring of ints, for the 0-1 search. */
    private static final class IntDeque {
        private int[] ring = new int[1024];
        private int head;
        private int size;

        void clear() {
            head = 0;
            size = 0;
        }

        boolean isEmpty() {
            return size == 0;
        }

        void addFirst(int v) {
            grow();
            head = (head - 1) & (ring.length - 1);
            ring[head] = v;
            size++;
        }

        void addLast(int v) {
            grow();
            ring[(head + size) & (ring.length - 1)] = v;
            size++;
        }

        int removeFirst() {
            int v = ring[head];
            head = (head + 1) & (ring.length - 1);
            size--;
            return v;
        }

        private void grow() {
            if (size < ring.length) {
                return;
            }
            int[] bigger = new int[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = bigger;
            head = 0;
        }
    }
}
