package io.raftkv.tester.net;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A network partition as pure data: for each node, the nodes whose traffic it drops. The name is
 * Jepsen's. An empty grudge is a healthy network.
 *
 * @param drops node → nodes it drops traffic from (never contains the node itself)
 */
public record Grudge(Map<String, Set<String>> drops) {

    public Grudge {
        var copy = new TreeMap<String, Set<String>>();
        drops.forEach((node, dropped) -> {
            if (dropped.contains(node)) {
                throw new IllegalArgumentException(node + " cannot drop itself");
            }
            if (!dropped.isEmpty()) {
                copy.put(node, Set.copyOf(new TreeSet<>(dropped)));
            }
        });
        drops = Collections.unmodifiableMap(copy);
    }

    /** The healthy network. */
    public static Grudge none() {
        return new Grudge(Map.of());
    }

    /**
     * The grudge in which each node hears only the nodes of its own component. Components may
     * overlap (a bridge node belongs to two); a node hears the union of its components.
     */
    public static Grudge fromComponents(Collection<? extends Collection<String>> components) {
        var all = new TreeSet<String>();
        components.forEach(all::addAll);
        var drops = new TreeMap<String, Set<String>>();
        for (var node : all) {
            var hears = new TreeSet<String>();
            for (var component : components) {
                if (component.contains(node)) {
                    hears.addAll(component);
                }
            }
            var dropped = new TreeSet<>(all);
            dropped.removeAll(hears);
            drops.put(node, dropped);
        }
        return new Grudge(drops);
    }

    /** Whether traffic between a and b is cut in at least one direction. */
    public boolean cuts(String a, String b) {
        return drops.getOrDefault(a, Set.of()).contains(b)
                || drops.getOrDefault(b, Set.of()).contains(a);
    }

    public boolean isEmpty() {
        return drops.isEmpty();
    }

    /** JSON-ready form for histories: {"n1": ["n2","n3"], ...}. */
    public Map<String, Object> toValue() {
        var out = new TreeMap<String, Object>();
        drops.forEach((k, v) -> out.put(k, new ArrayList<>(new TreeSet<>(v))));
        return out;
    }
}
