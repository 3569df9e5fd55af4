package io.raftkv.tester.report;

import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Timeline lanes. A process that ends in {@code info} never runs again and its worker goes on under
 * a new id, so a long run has many more processes than workers. Processes share a lane when their
 * lifetimes (first invoke to last completion, the {@code info} included, in history order) do not
 * overlap: the new
 * process of a worker lands in the lane its old one left. A process whose last op never completed
 * keeps its lane.
 */
final class Lanes {

    private final Map<Long, Integer> laneOf;
    private final List<String> labels;

    private Lanes(Map<Long, Integer> laneOf, List<String> labels) {
        this.laneOf = laneOf;
        this.labels = labels;
    }

    int laneOf(long process) {
        return laneOf.getOrDefault(process, 0);
    }

    List<String> labels() {
        return labels;
    }

    static Lanes assign(List<Op[]> pairs) {
        Map<Long, long[]> life = new LinkedHashMap<>();
        for (Op[] p : pairs) {
            long[] span = life.computeIfAbsent(p[0].process(), k -> new long[] {p[0].index(), p[0].index()});
            span[1] = p[1] == null ? Long.MAX_VALUE : Math.max(span[1], p[1].index());
        }
        List<Long> processes = new ArrayList<>(life.keySet());
        processes.sort((a, b) -> Long.compare(life.get(a)[0], life.get(b)[0]));
        Map<Long, Integer> laneOf = new HashMap<>();
        List<Long> laneFreeAt = new ArrayList<>();
        List<List<Long>> members = new ArrayList<>();
        for (long p : processes) {
            long[] span = life.get(p);
            int lane = -1;
            for (int l = 0; l < laneFreeAt.size(); l++) {
                if (laneFreeAt.get(l) < span[0]) {
                    lane = l;
                    break;
                }
            }
            if (lane < 0) {
                lane = laneFreeAt.size();
                laneFreeAt.add(0L);
                members.add(new ArrayList<>());
            }
            laneFreeAt.set(lane, span[1]);
            members.get(lane).add(p);
            laneOf.put(p, lane);
        }
        List<String> labels = new ArrayList<>();
        for (List<Long> m : members) {
            labels.add(
                    m.size() <= 3
                            ? "p"
                                    + String.join(
                                            ",", m.stream().map(String::valueOf).toList())
                            : "p" + m.getFirst() + ",… (" + m.size() + ")");
        }
        return new Lanes(laneOf, labels);
    }
}
