package io.raftkv.tester.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
    private static final List<String> NODES = List.of("n1", "n2", "n3", "n4", "n5");
    private static final FaultSchedule.Timing TIMING = FaultSchedule.Timing.defaults();

    private static FaultSchedule plan(String nemesis, int seconds, long seed) {
        return FaultSchedule.plan(
                NODES, FaultKind.parse(nemesis, NODES.size()), Duration.ofSeconds(seconds), TIMING, seed);
    }

    @Test
    void sameSeed_sameSchedule() {
        assertEquals(plan("partition,kill,pause", 120, 42), plan("partition,kill,pause", 120, 42));
        assertNotEquals(plan("partition,kill,pause", 120, 42), plan("partition,kill,pause", 120, 43));
    }

    @Test
    void windows_alternateFaultAndHeal_andEndBeforeTheTimeLimit() {
        for (long seed = 0; seed < 30; seed++) {
            var windows = plan("partition,kill,pause", 60, seed).windows();
            assertTrue(windows.size() >= 3, "60 s should hold at least 3 faults, seed " + seed);
            assertEquals(TIMING.calmStart().toNanos(), windows.getFirst().start());
            long previousEnd = -1;
            for (var w : windows) {
                long length = w.end() - w.start();
                assertTrue(length >= TIMING.faultMin().toNanos()
                        && length <= TIMING.faultMax().toNanos());
                if (previousEnd >= 0) {
                    assertEquals(previousEnd + TIMING.heal().toNanos(), w.start());
                }
                assertTrue(w.end() <= Duration.ofSeconds(60).toNanos());
                previousEnd = w.end();
            }
        }
    }

    @Test
    void menu_onlyHoldsWhatWasAskedFor() {
        for (var w : plan("kill", 200, 5).windows()) {
            assertTrue(w.fault() instanceof Fault.Kill, w.toString());
        }
        for (var w : plan("partition-leader", 200, 5).windows()) {
            assertEquals(new Fault.Partition("leader", null), w.fault());
        }
        assertTrue(plan("none", 200, 5).windows().isEmpty());
    }

    @Test
    void powerLoss_hitsANodeTheLeaderAMajorityOrAll_andNeedsServedDisks() {
        List<FaultKind> kinds = FaultKind.parse("power-loss", 5);
        assertEquals(
                List.of(
                        FaultKind.POWER_LOSS_ONE,
                        FaultKind.POWER_LOSS_LEADER,
                        FaultKind.POWER_LOSS_MAJORITY,
                        FaultKind.POWER_LOSS_ALL),
                kinds);
        assertTrue(kinds.stream().allMatch(FaultKind::needsDisk));
        assertTrue(
                FaultKind.parse("partition,kill,pause,membership", 5).stream().noneMatch(FaultKind::needsDisk));
        for (long seed = 0; seed < 30; seed++) {
            for (var w : plan("power-loss-majority", 100, seed).windows()) {
                var targets = ((Fault.PowerLoss) w.fault()).targets().nodes();
                assertEquals(3, targets.size(), w.toString());
                assertEquals(3, Set.copyOf(targets).size(), w.toString());
            }
        }
    }

    @Test
    void parse_namesTheUnknownEntry() {
        var e = assertThrows(IllegalArgumentException.class, () -> FaultKind.parse("partition,explode", 5));
        assertTrue(e.getMessage().contains("'explode'"), e.getMessage());
        assertEquals(List.of(FaultKind.KILL_ALL, FaultKind.PAUSE_LEADER), FaultKind.parse("kill-all, pause-leader", 3));
        assertTrue(!FaultKind.parse("partition", 3).contains(FaultKind.PARTITION_RING), "no ring with 3 nodes");
    }

    @Test
    void minorityKills_neverTakeAMajority() {
        for (long seed = 0; seed < 50; seed++) {
            for (var w : plan("kill-minority,pause-minority", 100, seed).windows()) {
                var targets =
                        switch (w.fault()) {
                            case Fault.Kill k -> k.targets().nodes();
                            case Fault.Pause p -> p.targets().nodes();
                            default -> throw new AssertionError(w);
                        };
                assertEquals(2, targets.size(), "5 nodes: minority of 2, got " + targets);
            }
        }
    }

    @Test
    void membership_removesOneNodeAtATime_orTheLeader_andNeedsTwoNodes() {
        assertEquals(List.of(FaultKind.MEMBERSHIP, FaultKind.KILL_ONE), FaultKind.parse("membership,kill-one", 3));
        assertEquals(List.of(FaultKind.MEMBERSHIP_LEADER), FaultKind.parse("membership-leader", 3));
        var seen = new java.util.HashSet<String>();
        for (long seed = 0; seed < 20; seed++) {
            for (var w : plan("membership", 100, seed).windows()) {
                var m = (Fault.Membership) w.fault();
                assertEquals(1, m.targets().nodes().size(), w.toString());
                assertEquals("membership", m.kind());
                seen.addAll(m.targets().nodes());
            }
        }
        assertEquals(new java.util.HashSet<>(NODES), seen, "any node may be drawn");
        for (var w : plan("membership-leader", 100, 1).windows()) {
            assertEquals(new Fault.Membership(Fault.Targets.leaderOnly()), w.fault());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> FaultKind.parse("membership", 1));
        assertTrue(e.getMessage().contains("at least 2 nodes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Fault.Membership(Fault.Targets.of(List.of("n1", "n2"))));
    }
}
