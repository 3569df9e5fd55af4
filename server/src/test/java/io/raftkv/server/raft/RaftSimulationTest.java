package io.raftkv.server.raft;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deterministic simulation over many seeds (see {@link Simulation}). Defaults fit CI; longer runs:
 * {@code -Dsim.seeds=2000 -Dsim.steps=10000}; one seed: {@code -Dsim.seed=1234}; to follow one seed, {@code
 * -Dsim.debugFrom=TICK} prints every delivery and role change from that tick and {@code
 * -Dsim.trace=N} keeps the last N fault events.
 */
class RaftSimulationTest {

    @Test
    void safetyHoldsAndProgressResumesUnderRandomFaults() {
        int steps = Integer.getInteger("sim.steps", 3000);
        Long only = Long.getLong("sim.seed");
        long first = only != null ? only : Long.getLong("sim.firstSeed", 1);
        int seeds = only != null ? 1 : Integer.getInteger("sim.seeds", 300);
        long start = System.nanoTime();
        long elections = 0, commits = 0, faults = 0, reads = 0, transfers = 0, installs = 0, changes = 0;
        List<String> failures = new ArrayList<>();
        for (long seed = first; seed < first + seeds && failures.size() < 3; seed++) {
            Simulation sim = new Simulation(seed, steps);
            try {
                Simulation.Stats s = sim.run();
                elections += s.elections();
                commits += s.commits();
                faults += s.faults();
                reads += s.reads();
                transfers += s.transfers();
                installs += s.installs();
                changes += s.membershipChanges();
            } catch (AssertionError | RuntimeException e) {
                failures.add("seed " + seed + " failed at tick " + sim.now() + ": " + e
                        + "\n  recent events:\n  " + sim.recentEvents()
                        + "\n  replay: ./mvnw -q -B -pl server test -Dtest=RaftSimulationTest -Dsim.seed=" + seed
                        + (steps != 3000 ? " -Dsim.steps=" + steps : ""));
            }
        }
        System.out.printf(
                "simulation: seeds=%d steps=%d elections=%d commits=%d faults=%d reads=%d transfers=%d snapshotInstalls=%d membershipChanges=%d in %.1fs%n",
                seeds,
                steps,
                elections,
                commits,
                faults,
                reads,
                transfers,
                installs,
                changes,
                (System.nanoTime() - start) / 1e9);
        if (!failures.isEmpty()) {
            failures.forEach(System.out::println);
            fail(String.join("\n", failures));
        }
    }
}
