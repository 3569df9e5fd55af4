package io.raftkv.tester.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.nemesis.FaultSchedule;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Every flag is checked when the spec is built, before anything starts. */
class RunSpecTest {

    private static String refused(UnaryOperator<RunSpec.Builder> change) {
        return assertThrows(IllegalArgumentException.class, () -> change.apply(RunSpec.builder())
                        .build())
                .getMessage();
    }

    @Test
    void badValues_areRefusedNamingTheFlagAndTheValue() {
        assertTrue(refused(b -> b.rate(-5)).contains("--rate"));
        assertTrue(refused(b -> b.rate(-5)).contains("-5"));
        assertTrue(refused(b -> b.rate(Double.NaN)).contains("--rate"));
        assertTrue(refused(b -> b.concurrency(0)).contains("--concurrency"));
        assertTrue(refused(b -> b.nodes(0)).contains("--nodes"));
        assertTrue(refused(b -> b.timeLimit(Duration.ZERO)).contains("--time-limit"));
        assertTrue(refused(b -> b.requestTimeout(Duration.ofSeconds(-1))).contains("--request-timeout"));
        assertTrue(refused(b -> b.quiet(Duration.ofSeconds(-1))).contains("--quiet"));
        assertTrue(refused(b -> b.backend("kubernetes")).contains("--backend"));
        assertTrue(refused(b -> b.nemesis("partition,flood")).contains("flood"));
        assertTrue(refused(b -> b.workload("bank")).contains("bank"));
        assertTrue(refused(b -> b.nodes(3).nemesis("partition-ring")).contains("partition-ring"));
        assertTrue(refused(b -> b.system("etcd").backend("ssh").nemesis("kill")).contains("--backend docker or local"));
    }

    @Test
    void builder_roundTrips() {
        var spec = RunSpec.builder().nodes(3).seed(7).name("x").build();
        assertEquals(spec, spec.toBuilder().build());
        assertEquals(9, spec.toBuilder().seed(9).build().seed());
    }

    @Test
    void aTimeLimitWithNoRoomForAFault_isRefusedWithTheShortestThatHasRoom() {
        var timing = FaultSchedule.Timing.every(Duration.ofSeconds(3)); // 2 s calm, faults of 3 to 6 s
        var tooShort = RunSpec.builder()
                .nodes(3)
                .nemesis("kill")
                .timing(timing)
                .timeLimit(Duration.ofSeconds(4))
                .build();
        var e = assertThrows(IllegalArgumentException.class, () -> RunEngine.plan(tooShort));
        assertTrue(e.getMessage().contains("--time-limit 8 or more"), e.getMessage());
        var enough = tooShort.toBuilder().timeLimit(Duration.ofSeconds(8)).build();
        assertEquals(1, RunEngine.plan(enough).windows().size());
        var none = tooShort.toBuilder().nemesis("none").build();
        assertEquals(0, RunEngine.plan(none).windows().size());
    }

    @Test
    void faultsComeEveryFewSecondsByDefault() {
        // A 20 s run used to get one fault; now it gets at least two.
        var spec = RunSpec.builder().nodes(3).nemesis("kill").timeLimit(Duration.ofSeconds(20));
        for (long seed = 0; seed < 50; seed++) {
            int windows = RunEngine.plan(spec.seed(seed).build()).windows().size();
            assertTrue(windows >= 2, "seed " + seed + ": " + windows + " faults in 20 s");
        }
    }
}
