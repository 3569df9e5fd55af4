package io.raftkv.server.raft;

import java.util.HashMap;
import java.util.Map;

/** Votes received by a (pre-)candidate in one round (§5.2); the first answer of each voter counts. */
final class Election {
    enum Outcome {
        WON,
        LOST,
        PENDING
    }

    private final Map<String, Boolean> votes = new HashMap<>();

    /** The voters that granted their vote in this round. */
    java.util.List<String> granted() {
        return votes.entrySet().stream()
                .filter(Map.Entry::getValue)
                .map(Map.Entry::getKey)
                .toList();
    }

    void reset() {
        votes.clear();
    }

    Outcome record(String voter, boolean granted, int voters) {
        votes.putIfAbsent(voter, granted);
        long yes = votes.values().stream().filter(v -> v).count();
        long no = votes.size() - yes;
        int quorum = Quorum.size(voters);
        if (yes >= quorum) {
            return Outcome.WON;
        }
        return no >= quorum ? Outcome.LOST : Outcome.PENDING;
    }
}
