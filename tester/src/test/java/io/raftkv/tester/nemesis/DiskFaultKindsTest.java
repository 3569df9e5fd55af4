package io.raftkv.tester.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The disk fault kinds: their names, and the schedules drawn from them. */
class DiskFaultKindsTest {
    private static final List<String> NODES = List.of("n1", "n2", "n3");

    private static FaultSchedule plan(String nemesis, long seed) {
        return FaultSchedule.plan(
                NODES,
                FaultKind.parse(nemesis, NODES.size()),
                Duration.ofSeconds(300),
                FaultSchedule.Timing.defaults(),
                seed);
    }

    @Test
    void disk_isEveryDiskFault_andEachNeedsServedDisks() {
        List<FaultKind> disk = FaultKind.parse("disk", 3);
        assertEquals(
                List.of(
                        FaultKind.POWER_LOSS_ONE,
                        FaultKind.POWER_LOSS_LEADER,
                        FaultKind.POWER_LOSS_MAJORITY,
                        FaultKind.POWER_LOSS_ALL,
                        FaultKind.TORN_WRITE_ONE,
                        FaultKind.TORN_WRITE_LEADER,
                        FaultKind.CORRUPT,
                        FaultKind.FSYNC_ERROR),
                disk);
        assertTrue(disk.stream().allMatch(FaultKind::needsDisk));
        assertEquals(disk, FaultKind.parse("power-loss,torn-write,corrupt,fsync-error", 3));
        assertEquals(disk, FaultKind.parse("disk,corrupt", 3), "no kind twice");
    }

    @Test
    void eachDiskFault_parsesByItsName() {
        assertEquals(List.of(FaultKind.TORN_WRITE_ONE, FaultKind.TORN_WRITE_LEADER), FaultKind.parse("torn-write", 3));
        assertEquals(List.of(FaultKind.TORN_WRITE_LEADER), FaultKind.parse("torn-write-leader", 3));
        assertEquals(List.of(FaultKind.TORN_WRITE_ONE), FaultKind.parse("torn-write-one", 3));
        assertEquals(List.of(FaultKind.CORRUPT), FaultKind.parse("corrupt", 3));
        assertEquals(List.of(FaultKind.FSYNC_ERROR), FaultKind.parse(" FSYNC-ERROR ", 3));
        assertEquals(List.of(FaultKind.KILL_ONE, FaultKind.CORRUPT), FaultKind.parse("kill-one,corrupt", 3));
    }

    /** A corrupted node must stay a minority: with 1 or 2 nodes it would be half the cluster or all of it. */
    @Test
    void corruption_needsThreeNodes() {
        for (int n : new int[] {1, 2}) {
            var e = assertThrows(IllegalArgumentException.class, () -> FaultKind.parse("corrupt", n));
            assertTrue(e.getMessage().contains("corrupt needs at least 3 nodes"), e.getMessage());
            assertTrue(!FaultKind.parse("disk", n).contains(FaultKind.CORRUPT), "disk leaves it out with " + n);
        }
        assertTrue(FaultKind.parse("disk", 3).contains(FaultKind.CORRUPT));
    }

    @Test
    void unknownNames_areRefusedWithTheKnownOnes() {
        for (String bad : List.of("corrupted", "torn", "disks", "fsync")) {
            var e = assertThrows(IllegalArgumentException.class, () -> FaultKind.parse("kill," + bad, 3));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("disk, none"), e.getMessage());
            assertTrue(e.getMessage().contains("fsync-error"), e.getMessage());
        }
    }

    @Test
    void schedules_neverHaveTwoNodesCorruptedAtOnce() {
        int corruptions = 0;
        for (long seed = 0; seed < 200; seed++) {
            List<FaultSchedule.Window> corrupt = new ArrayList<>();
            for (var w : plan("disk", seed).windows()) {
                if (w.fault() instanceof Fault.Corrupt c) {
                    assertEquals(1, c.targets().nodes().size(), w.toString());
                    assertTrue(NODES.containsAll(c.targets().nodes()), w.toString());
                    corrupt.add(w);
                }
            }
            for (int i = 1; i < corrupt.size(); i++) {
                assertTrue(corrupt.get(i - 1).end() < corrupt.get(i).start(), "overlapping corruptions: " + corrupt);
            }
            corruptions += corrupt.size();
        }
        assertTrue(corruptions > 100, "the plans held corruptions to check: " + corruptions);
    }

    @Test
    void seededFaults_drawTheirSeedFromTheSchedule() {
        assertEquals(plan("torn-write,corrupt", 9), plan("torn-write,corrupt", 9));
        var seeds = plan("torn-write,corrupt", 9).windows().stream()
                .map(w -> switch (w.fault()) {
                    case Fault.TornWrite t -> t.seed();
                    case Fault.Corrupt c -> c.seed();
                    default -> throw new AssertionError(w);
                })
                .distinct()
                .count();
        assertTrue(seeds > 10, "fresh seeds per fault: " + seeds);
        assertTrue(plan("fsync-error", 9).windows().stream()
                .allMatch(w -> w.fault() instanceof Fault.FsyncError f
                        && f.targets().nodes().size() == 1));
    }
}
