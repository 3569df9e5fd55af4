package io.raftkv.tester.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhaseReportTest {
    @Test
    void percentilesThroughputAndErrorsFromWhatWasRecorded() {
        var tally = new Tally();
        for (int ms = 1; ms <= 1_000; ms++) {
            tally.ok(ms * 1_000_000L);
        }
        tally.error("HTTP 503");
        tally.error("HTTP 503");
        tally.error("timeout");
        var h = tally.histogram();
        var report = new PhaseReport("writes", h.getTotalCount(), tally.errors(), 4.0, h, List.of());

        assertEquals(250.0, report.throughput(), 1e-9);
        assertEquals(3, report.errorCount());
        assertEquals(Map.of("HTTP 503", 2L, "timeout", 1L), report.errors());
        assertEquals(500.0, report.millisAt(50), 0.5);
        assertEquals(990.0, report.millisAt(99), 1.0);
        assertEquals(999.0, report.millisAt(99.9), 1.0);
        String first = report.lines().get(0);
        assertTrue(first.contains(" 250 ops/s  (1000 ok, 3 errors in 4.0 s)"), first);
        assertEquals("  errors: HTTP 503 2, timeout 1", report.lines().get(1));
    }

    @Test
    void latenciesBeyondAMinuteAreRecordedAsAMinute() {
        var tally = new Tally();
        tally.ok(3_600_000_000_000L);
        assertEquals(Tally.MAX_MICROS, tally.histogram().getMaxValue(), Tally.MAX_MICROS / 1000.0);
    }

    @Test
    void cpuPerThousandRequests() {
        var h = new Tally().histogram();
        var report = new PhaseReport(
                "writes", 20_000, Map.of(), 10, h, List.of(new NodeCpu("n1", 5.0), new NodeCpu("n2", Double.NaN)));
        assertEquals(0.25, PhaseReport.perThousand(report.cpu().get(0), report.ok()), 1e-12);
        assertTrue(Double.isNaN(PhaseReport.perThousand(new NodeCpu("n1", 1.0), 0)));
        assertEquals(
                "  cpu s (per 1000 ok): n1 5.00 (0.250)  n2 n/a", report.lines().get(2));
        assertEquals("  errors: none", report.lines().get(1));
    }

    @Test
    void aBatchPhaseCountsEveryPutOfItsRequests() {
        var h = new Tally().histogram();
        var report = new PhaseReport("writes", 300, Map.of(), 10, h, List.of(), 8000);
        assertEquals(30.0, report.throughput(), 1e-9);
        assertEquals(240_000.0, report.entriesPerSecond(), 1e-6);
        assertEquals(4, report.lines().size());
        assertTrue(
                report.lines().get(1).contains(" 240000 entries/s  (8000 puts per request)"),
                report.lines().get(1));
        var single = new PhaseReport("writes", 300, Map.of(), 10, h, List.of());
        assertEquals(single.throughput(), single.entriesPerSecond(), 1e-9);
        assertEquals(3, single.lines().size(), "no entries line for single puts");
        assertThrows(IllegalArgumentException.class, () -> new PhaseReport("x", 0, Map.of(), 1, h, List.of(), 0));
    }

    @Test
    void nothingSucceededIsZeroNotAnError() {
        var report = new PhaseReport("reads", 0, Map.of("timeout", 4L), 1, new Tally().histogram(), List.of());
        assertEquals(0, report.millisAt(99));
        assertEquals(0, report.throughput());
        assertThrows(
                IllegalArgumentException.class, () -> new PhaseReport("x", 0, Map.of(), 0, report.micros(), List.of()));
    }
}
