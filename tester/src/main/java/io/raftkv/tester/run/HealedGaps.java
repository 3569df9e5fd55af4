package io.raftkv.tester.run;

import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Client progress while the cluster was healthy: the ok operations that completed in each gap
 * between a heal ({@code stop-X}) and the next fault ({@code start-X}), and after the last heal
 * (the end of the main phase and the final reads). A correct cluster serves in every one of them;
 * a gap with none means it did not recover from the fault before it.
 *
 * @param okPerGap ok operations completed in each healed gap between two faults, in order
 * @param okAfterFinalHeal ok operations completed after the last heal (all of them when there was
 *     no fault)
 */
public record HealedGaps(List<Long> okPerGap, long okAfterFinalHeal) {

    public HealedGaps {
        okPerGap = List.copyOf(okPerGap);
    }

    public static HealedGaps of(List<Op> history) {
        var gaps = new ArrayList<Long>();
        long current = 0;
        boolean healthy = true;
        boolean healedOnce = false;
        for (Op op : history) {
            if (op.isNemesis()) {
                if (op.f().startsWith("start-")) {
                    if (healedOnce && healthy) {
                        gaps.add(current);
                    }
                    healthy = false;
                } else if (op.f().startsWith("stop-") || op.f().equals("nemesis-error")) {
                    healthy = true;
                    healedOnce = true;
                    current = 0;
                }
            } else if (op.type() == Op.Type.OK && healthy) {
                current++;
            }
        }
        return new HealedGaps(gaps, healthy ? current : 0);
    }

    /** The fewest ok operations in any healed gap, the last one included. */
    public long fewest() {
        return Math.min(
                okAfterFinalHeal,
                okPerGap.stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE));
    }

    /** For results.json. */
    public Map<String, Object> describe() {
        var out = new LinkedHashMap<String, Object>();
        out.put("ok_per_gap", okPerGap);
        out.put("ok_after_final_heal", okAfterFinalHeal);
        return out;
    }
}
