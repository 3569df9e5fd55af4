package io.raftkv.tester.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {
    @Test
    void requestsAreEvenlySpacedAtTheRate() {
        var s = new OpenLoopSchedule(1_000, 0, 200, 5);
        assertEquals(List.of(1_000L, 5_001_000L, 10_001_000L, 15_001_000L, 20_001_000L), starts(s));
    }

    @Test
    void aRequestIsDueExactlyAtItsIntendedStart() {
        var s = new OpenLoopSchedule(1_000, 0, 1_000, 10);
        assertEquals(0, s.dueBy(999));
        assertEquals(1, s.dueBy(1_000));
        assertEquals(1, s.dueBy(1_000_999));
        assertEquals(2, s.dueBy(1_001_000));
        assertEquals(10, s.dueBy(Long.MAX_VALUE / 2), "never more than the count");
    }

    @Test
    void dueByAgreesWithIntendedStartsOnRandomRatesAndTimes() {
        var random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            double rate = 1 + random.nextDouble() * 100_000;
            var s = new OpenLoopSchedule(
                    random.nextLong(1_000_000), random.nextLong(1_000), rate, 1 + random.nextInt(500));
            long now = random.nextLong(s.intendedStart(s.count() - 1) + 10);
            long naive = 0;
            for (long k = 0; k < s.count(); k++) {
                if (s.intendedStart(k) <= now) {
                    naive++;
                }
            }
            assertEquals(naive, s.dueBy(now), "rate " + rate + " at " + now);
        }
    }

    @Test
    void lanesShareTheRunsRequestsAndSpreadThemEvenly() {
        int lanes = 3;
        var all = new ArrayList<Long>();
        long total = 0;
        for (int lane = 0; lane < lanes; lane++) {
            var s = OpenLoopSchedule.lane(0, 1_000, 2.0, lanes, lane);
            total += s.count();
            all.addAll(starts(s));
        }
        assertEquals(2_000, total);
        Collections.sort(all);
        for (int k = 0; k < all.size(); k++) {
            // The merged lanes are the one schedule at the whole rate, within rounding.
            assertEquals(k * 1_000_000L, all.get(k), 2.0, "request " + k);
        }
    }

    @Test
    void badSchedulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0, 0, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0, 0, 10, -1));
        assertThrows(IllegalArgumentException.class, () -> OpenLoopSchedule.lane(0, 10, 1, 2, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> new OpenLoopSchedule(0, 0, 10, 3).intendedStart(3));
    }

    private static List<Long> starts(OpenLoopSchedule s) {
        var starts = new ArrayList<Long>();
        for (long k = 0; k < s.count(); k++) {
            starts.add(s.intendedStart(k));
        }
        return starts;
    }
}
