package io.raftkv.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Quorum} against a naive definition, on random inputs. */
class QuorumTest {

    /** The largest value v such that more than half of the values are >= v. */
    private static long naive(List<Long> values) {
        long best = 0;
        for (long candidate : values) {
            long reached = values.stream().filter(v -> v >= candidate).count();
            if (2 * reached > values.size()) {
                best = Math.max(best, candidate);
            }
        }
        return best;
    }

    @Test
    void agreedValueMatchesTheNaiveDefinition() {
        SplittableRandom random = new SplittableRandom(42);
        for (int run = 0; run < 20_000; run++) {
            int voters = 1 + random.nextInt(9);
            List<Long> values = new ArrayList<>();
            for (int i = 0; i < voters; i++) {
                values.add((long) random.nextInt(random.nextBoolean() ? 4 : 1000));
            }
            assertEquals(naive(values), Quorum.agreedValue(values), values.toString());
        }
    }

    @Test
    void majoritySizes() {
        assertEquals(
                List.of(1, 2, 2, 3, 3, 4),
                List.of(1, 2, 3, 4, 5, 6).stream().map(Quorum::size).toList());
    }
}
