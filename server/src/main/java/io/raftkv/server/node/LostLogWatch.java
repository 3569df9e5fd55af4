package io.raftkv.server.node;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Notices, on a leader, a follower whose match index went back: it rejected entries it had
 * acknowledged, so its disk was wiped or restored from an old backup. The core then replicates its
 * log to it again; this only lets the node say so.
 */
final class LostLogWatch {
    private final Map<String, Long> acknowledged = new HashMap<>();

    /**
     * Takes the leader's match indexes after a step (empty when this node does not lead) and returns
     * each follower whose match went back since the last call, with what it had acknowledged.
     */
    Map<String, Long> update(Map<String, Long> matchIndexes) {
        if (matchIndexes.isEmpty()) {
            acknowledged.clear();
            return Map.of();
        }
        Map<String, Long> lost = new LinkedHashMap<>();
        matchIndexes.forEach((id, match) -> {
            Long before = acknowledged.put(id, match);
            if (before != null && match < before) {
                lost.put(id, before);
            }
        });
        return lost;
    }
}
