package io.raftkv.tester.run;

import static io.raftkv.tester.run.FaultTallyTest.nemesis;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealedGapsTest {
    private final List<Op> history = new ArrayList<>();

    private void ok(int n) {
        for (int i = 0; i < n; i++) {
            int index = history.size();
            history.add(new Op(index, index, 1, Op.Type.INVOKE, "read", "k", null, null));
            history.add(new Op(index + 1, index + 1, 1, Op.Type.OK, "read", "k", 1L, null));
        }
    }

    private void fail() {
        int index = history.size();
        history.add(new Op(index, index, 2, Op.Type.INVOKE, "write", "k", 1L, null));
        history.add(new Op(index + 1, index + 1, 2, Op.Type.FAIL, "write", "k", 1L, null));
    }

    private void nemesisOp(String f) {
        history.add(nemesis(history.size(), f, null));
    }

    @Test
    void countsOkOperationsBetweenEachHealAndTheNextFault_andAfterTheLast() {
        ok(5); // calm start: not a healed gap
        nemesisOp("start-kill");
        ok(2); // under the fault
        nemesisOp("stop-kill");
        ok(3);
        fail();
        nemesisOp("start-partition");
        nemesisOp("stop-partition");
        nemesisOp("start-pause");
        nemesisOp("stop-pause");
        ok(4);
        var gaps = HealedGaps.of(history);
        assertEquals(List.of(3L, 0L), gaps.okPerGap());
        assertEquals(4, gaps.okAfterFinalHeal());
        assertEquals(0, gaps.fewest());
    }

    @Test
    void aFaultThatCouldNotBeHealed_endsTheGapAtTheNemesisError() {
        nemesisOp("start-kill");
        nemesisOp("nemesis-error");
        ok(2);
        assertEquals(2, HealedGaps.of(history).okAfterFinalHeal());
    }

    @Test
    void noFaults_everyOkIsAfterTheFinalHeal() {
        ok(7);
        var gaps = HealedGaps.of(history);
        assertEquals(List.of(), gaps.okPerGap());
        assertEquals(7, gaps.okAfterFinalHeal());
    }
}
