package io.raftkv.tester.checker.graph;

import io.raftkv.tester.history.Op;
import java.util.Arrays;
import java.util.List;
import org.jgrapht.Graph;

/**
 * The dependency graph of a list-append history. Vertices {@code 0..txns-1} are transactions (failed
 * ones stay isolated); vertices from {@code txns} on are real-time barriers: barrier {@code b} stands
 * for "every transaction completed so far". A transaction that completes points to the barrier of
 * its moment, each barrier points to the next, and each barrier points to the transactions invoked
 * after it. So T1 reaches T2 through barriers exactly when T1 completed before T2 was invoked, with
 * O(n) edges instead of O(n^2), and the graph has the same cycles as the one with all rt edges.
 *
 * <p>Edges are held compactly (CSR arrays with a type mask per edge) for the cycle searches; the
 * part that can hold cycles is also given as a JGraphT graph, a view over the same kind of arrays.
 */
final class DependencyGraph {

    static final byte WW = 1;
    static final byte WR = 2;
    static final byte RW = 4;
    static final byte RT = 8;
    static final byte DATA = WW | WR | RW;

    final int txns;
    final int vertices;
    final int[] offsets;
    final int[] targets;
    final byte[] types;

    private DependencyGraph(int txns, int vertices, long[] encoded, int count) {
        this.txns = txns;
        this.vertices = vertices;
        Arrays.sort(encoded, 0, count);
        // Merge parallel edges, OR-ing their types.
        int distinct = 0;
        for (int i = 0; i < count; i++) {
            if (distinct > 0 && (encoded[distinct - 1] >>> 4) == (encoded[i] >>> 4)) {
                encoded[distinct - 1] |= encoded[i] & 0xF;
            } else {
                encoded[distinct++] = encoded[i];
            }
        }
        offsets = new int[vertices + 1];
        targets = new int[distinct];
        types = new byte[distinct];
        for (int i = 0; i < distinct; i++) {
            offsets[source(encoded[i]) + 1]++;
            targets[i] = target(encoded[i]);
            types[i] = (byte) (encoded[i] & 0xF);
        }
        for (int v = 0; v < vertices; v++) {
            offsets[v + 1] += offsets[v];
        }
    }

    /**
     * The part of the graph that can hold cycles, as a JGraphT graph: vertices with no incoming or no
     * outgoing edge are trimmed away, repeatedly, first (a vertex without either cannot be on a
     * cycle). An acyclic graph, which is what a valid history gives, trims to nothing in linear time;
     * the strongly connected components are then computed on what is left.
     */
    Graph<Integer, Integer> cyclicCore() {
        int[] in = new int[vertices];
        int[] out = new int[vertices];
        for (int v = 0; v < vertices; v++) {
            out[v] = offsets[v + 1] - offsets[v];
            for (int e = offsets[v]; e < offsets[v + 1]; e++) {
                in[targets[e]]++;
            }
        }
        int[] reverseOffsets = new int[vertices + 1];
        for (int v = 0; v < vertices; v++) {
            reverseOffsets[v + 1] = reverseOffsets[v] + in[v];
        }
        int[] sources = new int[targets.length];
        int[] fill = Arrays.copyOf(reverseOffsets, vertices);
        for (int v = 0; v < vertices; v++) {
            for (int e = offsets[v]; e < offsets[v + 1]; e++) {
                sources[fill[targets[e]]++] = v;
            }
        }
        boolean[] removed = new boolean[vertices];
        int[] queue = new int[vertices];
        int tail = 0;
        for (int v = 0; v < vertices; v++) {
            if (in[v] == 0 || out[v] == 0) {
                removed[v] = true;
                queue[tail++] = v;
            }
        }
        for (int head = 0; head < tail; head++) {
            int v = queue[head];
            for (int e = offsets[v]; e < offsets[v + 1]; e++) {
                int w = targets[e];
                if (!removed[w] && --in[w] == 0) {
                    removed[w] = true;
                    queue[tail++] = w;
                }
            }
            for (int i = reverseOffsets[v]; i < reverseOffsets[v + 1]; i++) {
                int u = sources[i];
                if (!removed[u] && --out[u] == 0) {
                    removed[u] = true;
                    queue[tail++] = u;
                }
            }
        }
        boolean[] keep = new boolean[vertices];
        for (int v = 0; v < vertices; v++) {
            keep[v] = !removed[v];
        }
        return new CompactGraphView(this, keep);
    }

    boolean isTxn(int v) {
        return v < txns;
    }

    /** Builds the graph of {@code txns} from their key orders and the history's real-time order. */
    static DependencyGraph build(List<Op> history, List<Txn> txns, List<Versions.KeyOrder> orders) {
        Edges edges = new Edges();
        for (Versions.KeyOrder k : orders) {
            int[] w = k.writers();
            for (int i = 0; i + 1 < w.length; i++) {
                edges.add(w[i], w[i + 1], WW, txns);
            }
            for (Versions.Read r : k.reads()) {
                int next = 0;
                if (!r.values().isEmpty()) {
                    Integer last = k.position().get(r.values().getLast());
                    if (last == null) {
                        continue;
                    }
                    edges.add(w[last], r.txn(), WR, txns);
                    next = last + 1;
                }
                // A read of another transaction's intermediate state is G1b, found by Versions;
                // its rw edge back to that same writer would only repeat it as a cycle.
                if (next < w.length && (next == 0 || w[next] != w[next - 1])) {
                    edges.add(r.txn(), w[next], RW, txns);
                }
                // A read of the whole known order missed every committed append nobody saw.
                if (next == w.length) {
                    for (int t : k.unseen()) {
                        edges.add(r.txn(), t, RW, txns);
                    }
                }
            }
            // A committed append nobody read is in the list, after all that anyone read.
            if (w.length > 0) {
                for (int t : k.unseen()) {
                    edges.add(w[w.length - 1], t, WW, txns);
                }
            }
        }
        int barriers = realTime(history, txns, edges);
        return new DependencyGraph(txns.size(), txns.size() + barriers, edges.data, edges.size);
    }

    /** Adds the real-time edges through barriers; returns the number of barriers. */
    private static int realTime(List<Op> history, List<Txn> txns, Edges edges) {
        // history position -> transaction, for invokes and ok completions of committed transactions
        java.util.IdentityHashMap<Op, Integer> events = new java.util.IdentityHashMap<>(txns.size() * 2);
        for (int t = 0; t < txns.size(); t++) {
            Txn txn = txns.get(t);
            if (!txn.mayHaveCommitted()) {
                continue;
            }
            events.put(txn.invoke(), t);
            if (txn.outcome() == Op.Type.OK) {
                events.put(txn.completion(), t);
            }
        }
        int n = txns.size();
        int barrier = -1;
        boolean lastWasCompletion = false;
        for (Op op : history) {
            Integer t = events.get(op);
            if (t == null) {
                continue;
            }
            if (op.isInvoke()) {
                if (barrier >= 0) {
                    edges.add(n + barrier, t, RT, null);
                }
                lastWasCompletion = false;
            } else {
                if (!lastWasCompletion) {
                    barrier++;
                    if (barrier > 0) {
                        edges.add(n + barrier - 1, n + barrier, RT, null);
                    }
                }
                edges.add(t, n + barrier, RT, null);
                lastWasCompletion = true;
            }
        }
        return barrier + 1;
    }

    private static int source(long e) {
        return (int) (e >>> 36);
    }

    private static int target(long e) {
        return (int) ((e >>> 4) & 0xFFFFFFFFL);
    }

    /** A growable array of encoded edges: source (27 bits), target (32 bits), type (4 bits). */
    private static final class Edges {
        long[] data = new long[1024];
        int size;

        void add(int from, int to, byte type, List<Txn> txns) {
            if (from < 0 || to < 0 || from == to) {
                return;
            }
            if (txns != null
                    && (!txns.get(from).mayHaveCommitted() || !txns.get(to).mayHaveCommitted())) {
                return; // a failed transaction took no part: its read is G1a, found elsewhere
            }
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = ((long) from << 36) | ((long) to << 4) | type;
        }
    }
}
