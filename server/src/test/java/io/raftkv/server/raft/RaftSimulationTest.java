package io.raftkv.server.raft;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Deterministic simulation over many seeds (see {@link Simulation}), run in parallel. Defaults fit
 * CI (2,000 seeds of 3,000 steps); longer runs: {@code -Dsim.seeds=20000 -Dsim.steps=10000}; one seed:
 * {@code -Dsim.seed=1234}; to follow one seed, {@code -Dsim.debugFrom=TICK} prints every delivery and
 * role change from that tick and {@code -Dsim.trace=N} keeps the last N fault events.
 *
 * <p>Safety alone would pass if the simulation stopped doing things, so the run also asserts that it
 * did them: every seed changes leader, commits, serves a linearizable read and suffers injected
 * partitions or crashes; and across the seeds, elections, commits, reads, snapshots taken and
 * installed, membership changes and leadership transfers reach floors that scale with the number of
 * seeds and of fault steps. The floors are about half the lowest rates measured (at 1,800, 3,000 and
 * 10,000 steps) when they were set, so they catch a feature that stopped happening, not noise. Not
 * every seed compacts or changes membership (the configuration is drawn from the seed), so those
 * are checked in total only.
 */
class RaftSimulationTest {
    private static final int DEFAULT_STEPS = 3000;
    private static final int DEFAULT_SEEDS = 2000;
    /** Fewer seeds than this make totals too noisy to check (one seed may never install a snapshot). */
    private static final int SEEDS_FOR_TOTALS = 100;

    /** Minimum totals, per seed and per 1,000 fault steps. */
    private record Floor(String name, double perSeedPerKiloStep, ToLongFunction<Simulation.Stats> count) {}

    private static final List<Floor> FLOORS = List.of(
            new Floor("elections", 3, Simulation.Stats::elections),
            new Floor("commits", 25, Simulation.Stats::commits),
            new Floor("linearizable reads", 8, Simulation.Stats::reads),
            new Floor("snapshots taken", 4, Simulation.Stats::compactions),
            new Floor("snapshot installs", 0.8, Simulation.Stats::installs),
            new Floor("membership changes", 1.8, Simulation.Stats::membershipChanges),
            new Floor("leadership transfers", 0.6, Simulation.Stats::transfers));

    private record Outcome(long seed, Simulation.Stats stats, String failure) {}

    @Test
    void safetyHoldsAndProgressResumesUnderRandomFaults() {
        int steps = Integer.getInteger("sim.steps", DEFAULT_STEPS);
        if (steps < Simulation.MIN_STEPS) {
            throw new IllegalArgumentException("-Dsim.steps=" + steps + " is too small: the last "
                    + Simulation.HEAL_BOUND + " steps are healed, so at least " + Simulation.MIN_STEPS
                    + " are needed for " + Simulation.MIN_FAULT_STEPS + " steps with faults");
        }
        Long only = Long.getLong("sim.seed");
        long first = only != null ? only : Long.getLong("sim.firstSeed", 1);
        int seeds = only != null ? 1 : Integer.getInteger("sim.seeds", DEFAULT_SEEDS);
        long start = System.nanoTime();
        AtomicInteger failed = new AtomicInteger();
        List<Outcome> outcomes = LongStream.range(first, first + seeds)
                .parallel()
                .mapToObj(seed -> failed.get() >= 3 ? null : run(seed, steps, failed))
                .filter(o -> o != null)
                .toList();
        double seconds = (System.nanoTime() - start) / 1e9;

        Simulation.Stats total = outcomes.stream()
                .map(Outcome::stats)
                .filter(s -> s != null)
                .reduce(RaftSimulationTest::sum)
                .orElse(null);
        if (total != null) {
            System.out.printf(
                    "simulation: seeds=%d steps=%d elections=%d commits=%d faults=%d (injected %d) reads=%d transfers=%d"
                            + " snapshots=%d snapshotInstalls=%d membershipChanges=%d in %.1fs%n",
                    outcomes.size(),
                    steps,
                    total.elections(),
                    total.commits(),
                    total.faults(),
                    total.injectedFaults(),
                    total.reads(),
                    total.transfers(),
                    total.compactions(),
                    total.installs(),
                    total.membershipChanges(),
                    seconds);
        }
        List<String> failures = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.failure() != null) {
                failures.add(
                        o.failure() + "\n  replay: ./mvnw -q -B -pl server test -Dtest=RaftSimulationTest -Dsim.seed="
                                + o.seed() + (steps != DEFAULT_STEPS ? " -Dsim.steps=" + steps : ""));
            } else {
                String missing = perSeedShortfall(o.stats());
                if (missing != null) {
                    failures.add("seed " + o.seed() + " " + missing + ": " + o.stats());
                }
            }
        }
        if (failures.isEmpty() && seeds >= SEEDS_FOR_TOTALS) {
            double scale = seeds * (steps - Simulation.HEAL_BOUND) / 1000.0;
            for (Floor f : FLOORS) {
                long floor = (long) Math.ceil(f.perSeedPerKiloStep() * scale);
                long got = f.count().applyAsLong(total);
                if (got < floor) {
                    failures.add("only " + got + " " + f.name() + " in " + seeds + " seeds of " + steps
                            + " steps; at least " + floor + " expected");
                }
            }
        } else if (seeds < SEEDS_FOR_TOTALS) {
            System.out.println("simulation: totals are checked from " + SEEDS_FOR_TOTALS + " seeds on");
        }
        if (!failures.isEmpty()) {
            List<String> shown = failures.subList(0, Math.min(failures.size(), 5));
            String report = String.join("\n", shown)
                    + (failures.size() > shown.size() ? "\n... and " + (failures.size() - shown.size()) + " more" : "");
            System.out.println(report);
            fail(report);
        }
    }

    @Test
    void aRunTooShortForFaultsIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Simulation(1, Simulation.MIN_STEPS - 1));
        assertTrue(
                e.getMessage().contains("needs at least 1800 steps (1000 with faults, then 800 healed), got 1799"),
                e.getMessage());
    }

    private static Outcome run(long seed, int steps, AtomicInteger failed) {
        Simulation sim = new Simulation(seed, steps);
        try {
            return new Outcome(seed, sim.run(), null);
        } catch (AssertionError | RuntimeException e) {
            failed.incrementAndGet();
            return new Outcome(
                    seed,
                    null,
                    "seed " + seed + " failed at tick " + sim.now() + ": " + e + "\n  recent events:\n  "
                            + sim.recentEvents());
        }
    }

    /** What a seed that passed safety still failed to do, or null. */
    private static String perSeedShortfall(Simulation.Stats s) {
        if (s.elections() < 2) {
            return "never changed leader";
        }
        if (s.commits() < 1) {
            return "committed nothing";
        }
        if (s.reads() < 1) {
            return "served no linearizable read";
        }
        if (s.injectedFaults() < 1) {
            return "injected no partition or crash";
        }
        return null;
    }

    private static Simulation.Stats sum(Simulation.Stats a, Simulation.Stats b) {
        return new Simulation.Stats(
                a.steps() + b.steps(),
                a.elections() + b.elections(),
                a.commits() + b.commits(),
                a.faults() + b.faults(),
                a.injectedFaults() + b.injectedFaults(),
                a.reads() + b.reads(),
                a.transfers() + b.transfers(),
                a.compactions() + b.compactions(),
                a.installs() + b.installs(),
                a.membershipChanges() + b.membershipChanges(),
                a.compacts() || b.compacts(),
                a.changesMembership() || b.changesMembership());
    }
}
