package io.raftkv.tester.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.history.Op;
import io.raftkv.tester.nemesis.Fault;
import io.raftkv.tester.nemesis.FaultSchedule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultTallyTest {

    static Op nemesis(int i, String f, Object value) {
        return new Op(i, i * 1_000_000L, Op.NEMESIS, Op.Type.INFO, f, null, value, null);
    }

    private static final FaultSchedule THREE = new FaultSchedule(List.of(
            new FaultSchedule.Window(1, 2, new Fault.Membership(Fault.Targets.of(List.of("n2")))),
            new FaultSchedule.Window(3, 4, new Fault.Kill(Fault.Targets.leaderOnly())),
            new FaultSchedule.Window(5, 6, new Fault.Membership(Fault.Targets.leaderOnly()))));

    @Test
    void countsPlannedStartedAndHealedByKind() {
        List<Op> history = List.of(
                nemesis(0, "start-membership", Map.of("removed", "n2")),
                nemesis(1, "stop-membership", Map.of("added", List.of("n2"))),
                new Op(2, 2_000_000L, 0, Op.Type.INVOKE, "read", "k0", null, null),
                nemesis(3, "start-kill", List.of("n1")),
                nemesis(4, "stop-kill", List.of("n1")),
                nemesis(5, "start-membership", Map.of("removed", "n1")),
                nemesis(6, "nemesis-error", "membership"));
        var tally = FaultTally.of(THREE, history);
        assertEquals(Map.of("membership", 2L, "kill", 1L), tally.planned());
        assertEquals(Map.of("membership", 2L, "kill", 1L), tally.started());
        assertEquals(Map.of("membership", 1L, "kill", 1L), tally.healed());
        assertEquals(1, tally.errors());
        assertFalse(tally.allBit(), "a window that failed to heal did not fully bite");
        assertEquals("faults: 1 kill, 2 membership", tally.line());
    }

    @Test
    void aRunThatInjectedLessThanPlanned_saysSo() {
        List<Op> history = List.of(
                nemesis(0, "start-membership", Map.of("removed", "n2")),
                nemesis(1, "stop-membership", Map.of("added", List.of("n2"))));
        var tally = FaultTally.of(THREE, history);
        assertFalse(tally.allBit());
        assertEquals("faults: 1 membership (planned but not injected: kill 0 of 1, membership 1 of 2)", tally.line());
    }

    @Test
    void everyPlannedFaultInjectedAndHealed_bit() {
        List<Op> history = List.of(
                nemesis(0, "start-membership", null),
                nemesis(1, "stop-membership", null),
                nemesis(2, "start-kill", null),
                nemesis(3, "stop-kill", null),
                nemesis(4, "start-membership", null),
                nemesis(5, "stop-membership", null));
        assertTrue(FaultTally.of(THREE, history).allBit());
    }

    @Test
    void noFaults_isNone() {
        assertEquals(
                "faults: none", FaultTally.of(FaultSchedule.none(), List.of()).line());
    }
}
