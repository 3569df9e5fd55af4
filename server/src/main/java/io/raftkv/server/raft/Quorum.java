package io.raftkv.server.raft;

import java.util.Arrays;
import java.util.Collection;

/** Majority arithmetic shared by commitment (§5.3, §5.4.2) and ReadIndex confirmation (thesis §6.4). */
final class Quorum {
    private Quorum() {}

    /** Smallest number of voters that forms a majority of {@code voters}. */
    static int size(int voters) {
        return voters / 2 + 1;
    }

    /**
     * The largest value that at least a majority of {@code values} (one per voter) have reached: with
     * match indexes this is the highest index stored on a majority.
     */
    static long agreedValue(Collection<Long> values) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        // Descending order's (quorum-1)th element, i.e. ascending position n - quorum.
        return sorted[sorted.length - size(sorted.length)];
    }
}
