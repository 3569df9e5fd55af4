package io.raftkv.tester.checker.graph;

import java.util.Arrays;

/**
 * Strongly connected components of a dependency graph restricted to the vertices of one component
 * and to edges of given types (Tarjan's algorithm, iterative, on the compact arrays). Used to look
 * for cycles of a given kind inside a component JGraphT already found: one pass per kind, linear in
 * the component's size.
 */
final class MaskedComponents {

    private final DependencyGraph g;
    private final int[] index;
    private final int[] low;
    private final int[] stack;
    private final int[] callVertex;
    private final int[] callEdge;
    private final boolean[] onStack;
    /** The sub-component of each vertex after {@link #compute}, or 0 when it is in a trivial one. */
    final int[] id;

    MaskedComponents(DependencyGraph g) {
        this.g = g;
        int n = g.vertices;
        index = new int[n];
        low = new int[n];
        stack = new int[n];
        callVertex = new int[n];
        callEdge = new int[n];
        onStack = new boolean[n];
        id = new int[n];
    }

    /**
     * Computes the components of {@code vertices} (all with {@code component[v] == comp}) over edges
     * whose type intersects {@code mask}; returns how many non-trivial components there are, numbered
     * from 1 in {@link #id}.
     */
    int compute(int[] vertices, int[] component, int comp, byte mask) {
        for (int v : vertices) {
            index[v] = 0;
            id[v] = 0;
        }
        int counter = 0;
        int sp = 0;
        int found = 0;
        for (int root : vertices) {
            if (index[root] != 0) {
                continue;
            }
            int depth = 0;
            callVertex[0] = root;
            callEdge[0] = g.offsets[root];
            index[root] = low[root] = ++counter;
            stack[sp++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callVertex[depth];
                int e = callEdge[depth];
                if (e < g.offsets[v + 1]) {
                    callEdge[depth] = e + 1;
                    int w = g.targets[e];
                    if ((g.types[e] & mask) == 0 || component[w] != comp) {
                        continue;
                    }
                    if (index[w] == 0) {
                        index[w] = low[w] = ++counter;
                        stack[sp++] = w;
                        onStack[w] = true;
                        depth++;
                        callVertex[depth] = w;
                        callEdge[depth] = g.offsets[w];
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                if (low[v] == index[v]) {
                    int size = 0;
                    int label = found + 1;
                    int w;
                    do {
                        w = stack[--sp];
                        onStack[w] = false;
                        id[w] = label;
                        size++;
                    } while (w != v);
                    if (size == 1) {
                        id[v] = 0;
                    } else {
                        found++;
                    }
                }
                depth--;
                if (depth >= 0) {
                    int parent = callVertex[depth];
                    low[parent] = Math.min(low[parent], low[v]);
                }
            }
        }
        return found;
    }

    /** The vertices of sub-component {@code label}, in the order of {@code vertices}. */
    int[] members(int[] vertices, int label) {
        int[] out = new int[vertices.length];
        int n = 0;
        for (int v : vertices) {
            if (id[v] == label) {
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
