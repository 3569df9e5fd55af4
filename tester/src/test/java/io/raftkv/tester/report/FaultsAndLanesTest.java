package io.raftkv.tester.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultsAndLanesTest {

    private static Op op(int i, long ms, long process, Op.Type type, String f, Object value) {
        return new Op(i, ms * 1_000_000, process, type, f, null, value, null);
    }

    @Test
    void startAndStopOps_makeBands_andAnUnclosedBandRunsToTheEnd() {
        List<Op> h = List.of(
                op(0, 10, Op.NEMESIS, Op.Type.INVOKE, "start-partition", null),
                op(1, 11, Op.NEMESIS, Op.Type.INFO, "start-partition", Map.of("n1", List.of("n2"))),
                op(2, 20, Op.NEMESIS, Op.Type.INFO, "start-kill", List.of("n3")),
                op(3, 30, Op.NEMESIS, Op.Type.INFO, "stop-partition", null),
                op(4, 35, Op.NEMESIS, Op.Type.INFO, "stop-pause", null),
                op(5, 40, Op.NEMESIS, Op.Type.INFO, "check-leader", "n1"),
                op(6, 50, 0, Op.Type.INVOKE, "read", null));
        var bands = Faults.of(h, o -> ReportData.micros(o.time()));
        assertEquals(3, bands.size());
        assertEquals(
                Map.of("fault", "partition", "start", 10_000L, "end", 30_000L, "value", "{n1 [n2]}"), bands.get(0));
        assertEquals(Map.of("fault", "kill", "start", 20_000L, "end", 50_000L, "value", "[n3]"), bands.get(1));
        assertEquals(Map.of("fault", "check-leader", "start", 40_000L, "end", 40_000L, "value", "n1"), bands.get(2));
    }

    @Test
    void processesAfterACrash_reuseTheLaneTheCrashedProcessLeft() {
        List<Op> h = new ArrayList<>();
        h.add(op(0, 0, 0, Op.Type.INVOKE, "read", null));
        h.add(op(1, 1, 1, Op.Type.INVOKE, "read", null));
        h.add(op(2, 2, 0, Op.Type.INFO, "read", null)); // p0 crashes; its worker goes on as p2
        h.add(op(3, 3, 2, Op.Type.INVOKE, "read", null));
        h.add(op(4, 4, 1, Op.Type.OK, "read", 1L));
        h.add(op(5, 5, 2, Op.Type.OK, "read", 1L));
        h.add(op(6, 6, 3, Op.Type.INVOKE, "read", null)); // lane 0 is free again by now
        Lanes lanes = Lanes.assign(ReportData.pairs(h));
        assertEquals(0, lanes.laneOf(0));
        assertEquals(1, lanes.laneOf(1));
        assertEquals(0, lanes.laneOf(2));
        assertEquals(0, lanes.laneOf(3));
        assertEquals(List.of("p0,2,3", "p1"), lanes.labels());
    }
}
