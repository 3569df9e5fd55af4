package io.raftkv.tester.checker.graph;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import org.jgrapht.GraphType;
import org.jgrapht.graph.AbstractGraph;
import org.jgrapht.graph.DefaultGraphType;

/**
 * A read-only JGraphT view of a directed graph held in compressed sparse rows: vertices and edges
 * are ints, edge {@code e} of this view is position {@code e} of its arrays. JGraphT's algorithms
 * run on it without the per-vertex and per-edge objects of a {@code DefaultDirectedGraph}, which on
 * a 100k-transaction history cost more than the algorithm itself.
 */
final class CompactGraphView extends AbstractGraph<Integer, Integer> {

    private static final GraphType TYPE = new DefaultGraphType.Builder()
            .directed()
            .allowMultipleEdges(false)
            .allowSelfLoops(false)
            .weighted(false)
            .modifiable(false)
            .build();

    private final int[] vertices;
    private final boolean[] present;
    private final int[] offsets;
    private final int[] targets;
    private final int[] sources;
    private final int[] inOffsets;
    private final int[] inEdges;

    /** The subgraph of {@code g} induced by the vertices with {@code keep[v]}. */
    CompactGraphView(DependencyGraph g, boolean[] keep) {
        int n = g.vertices;
        present = keep;
        int count = 0;
        int edges = 0;
        for (int v = 0; v < n; v++) {
            if (keep[v]) {
                count++;
                for (int e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
                    edges += keep[g.targets[e]] ? 1 : 0;
                }
            }
        }
        vertices = new int[count];
        offsets = new int[n + 1];
        targets = new int[edges];
        sources = new int[edges];
        int[] inDegree = new int[n + 1];
        int k = 0;
        int m = 0;
        for (int v = 0; v < n; v++) {
            offsets[v] = m;
            if (!keep[v]) {
                continue;
            }
            vertices[k++] = v;
            for (int e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
                int w = g.targets[e];
                if (keep[w]) {
                    sources[m] = v;
                    targets[m++] = w;
                    inDegree[w + 1]++;
                }
            }
        }
        offsets[n] = m;
        inOffsets = inDegree;
        for (int v = 0; v < n; v++) {
            inOffsets[v + 1] += inOffsets[v];
        }
        inEdges = new int[edges];
        int[] fill = java.util.Arrays.copyOf(inOffsets, n);
        for (int e = 0; e < edges; e++) {
            inEdges[fill[targets[e]]++] = e;
        }
    }

    @Override
    public Set<Integer> vertexSet() {
        return new IntSet(vertices, 0, vertices.length) {
            @Override
            public boolean contains(Object o) {
                return containsVertex((Integer) o);
            }
        };
    }

    @Override
    public boolean containsVertex(Integer v) {
        return v != null && v >= 0 && v < present.length && present[v];
    }

    @Override
    public Set<Integer> outgoingEdgesOf(Integer v) {
        return range(offsets[v], offsets[v + 1]);
    }

    @Override
    public Set<Integer> incomingEdgesOf(Integer v) {
        return new IntSet(inEdges, inOffsets[v], inOffsets[v + 1]);
    }

    @Override
    public Set<Integer> edgesOf(Integer v) {
        Set<Integer> all = new LinkedHashSet<>(outgoingEdgesOf(v));
        all.addAll(incomingEdgesOf(v));
        return all;
    }

    @Override
    public int outDegreeOf(Integer v) {
        return offsets[v + 1] - offsets[v];
    }

    @Override
    public int inDegreeOf(Integer v) {
        return inOffsets[v + 1] - inOffsets[v];
    }

    @Override
    public int degreeOf(Integer v) {
        return outDegreeOf(v) + inDegreeOf(v);
    }

    @Override
    public Set<Integer> edgeSet() {
        return range(0, targets.length);
    }

    @Override
    public boolean containsEdge(Integer e) {
        return e != null && e >= 0 && e < targets.length;
    }

    @Override
    public Integer getEdgeSource(Integer e) {
        return sources[e];
    }

    @Override
    public Integer getEdgeTarget(Integer e) {
        return targets[e];
    }

    @Override
    public Integer getEdge(Integer u, Integer v) {
        if (!containsVertex(u)) {
            return null;
        }
        for (int e = offsets[u]; e < offsets[u + 1]; e++) {
            if (targets[e] == v) {
                return e;
            }
        }
        return null;
    }

    @Override
    public Set<Integer> getAllEdges(Integer u, Integer v) {
        Integer e = getEdge(u, v);
        return e == null ? Set.of() : Set.of(e);
    }

    @Override
    public GraphType getType() {
        return TYPE;
    }

    @Override
    public double getEdgeWeight(Integer e) {
        return 1.0;
    }

    @Override
    public Supplier<Integer> getVertexSupplier() {
        return null;
    }

    @Override
    public Supplier<Integer> getEdgeSupplier() {
        return null;
    }

    @Override
    public void setEdgeWeight(Integer e, double weight) {
        throw readOnly();
    }

    @Override
    public Integer addEdge(Integer u, Integer v) {
        throw readOnly();
    }

    @Override
    public boolean addEdge(Integer u, Integer v, Integer e) {
        throw readOnly();
    }

    @Override
    public Integer addVertex() {
        throw readOnly();
    }

    @Override
    public boolean addVertex(Integer v) {
        throw readOnly();
    }

    @Override
    public Integer removeEdge(Integer u, Integer v) {
        throw readOnly();
    }

    @Override
    public boolean removeEdge(Integer e) {
        throw readOnly();
    }

    @Override
    public boolean removeVertex(Integer v) {
        throw readOnly();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("read-only graph view");
    }

    /** The ints {@code from..to-1} as a set. */
    private static Set<Integer> range(int from, int to) {
        return new IntSet(null, from, to);
    }

    /**
     * The ints {@code values[from..to)} as a set (they are distinct); with null values, the ints
     * {@code from..to-1} themselves.
     */
    private static class IntSet extends AbstractSet<Integer> {
        private final int[] values; // null: the positions themselves
        private final int from;
        private final int to;

        IntSet(int[] values, int from, int to) {
            this.values = values;
            this.from = from;
            this.to = to;
        }

        @Override
        public Iterator<Integer> iterator() {
            return new Iterator<>() {
                int next = from;

                @Override
                public boolean hasNext() {
                    return next < to;
                }

                @Override
                public Integer next() {
                    if (next >= to) {
                        throw new NoSuchElementException();
                    }
                    int i = next++;
                    return values == null ? i : values[i];
                }
            };
        }

        @Override
        public int size() {
            return to - from;
        }

        @Override
        public boolean contains(Object o) {
            return values == null ? o instanceof Integer i && i >= from && i < to : super.contains(o);
        }
    }
}
