package io.raftkv.tester.checker.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.GeneratedHistory;
import io.raftkv.tester.history.History;
import io.raftkv.tester.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * Histories from a random sequential execution spread over concurrent processes are
 * linearizable; the same histories with one stale read are not.
 */
class GeneratedHistoryPropertyTest {
    private static final int SEEDS = 300;

    private static Model<?, ?> modelFor(GeneratedHistory.Spec spec) {
        return spec.keys() == 1 ? RegisterModel.casRegister(null) : RegisterModel.kv(null);
    }

    private static GeneratedHistory.Spec spec(long seed) {
        Random r = new Random(seed);
        return new GeneratedHistory.Spec(
                20 + r.nextInt(300),
                1 + r.nextInt(8),
                r.nextBoolean() ? 1 : 1 + r.nextInt(4),
                r.nextDouble() * 0.1,
                seed);
    }

    @Test
    void generatedHistoriesAreLinearizable() {
        for (long seed = 0; seed < SEEDS; seed++) {
            var spec = spec(seed);
            List<Op> h = GeneratedHistory.generate(spec);
            CheckResult r = new LinearizabilityChecker(modelFor(spec)).check(h);
            assertEquals(Verdict.VALID, r.verdict(), "seed " + seed + " " + spec + ": " + r.summary());
        }
    }

    @Test
    void oneStaleReadMakesThemNonLinearizable() {
        int injected = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            var spec = spec(seed);
            List<Op> h = GeneratedHistory.generate(spec);
            List<Op> stale = injectStaleRead(h);
            if (stale == null) {
                continue;
            }
            injected++;
            CheckResult r = new LinearizabilityChecker(modelFor(spec)).check(stale);
            assertEquals(Verdict.INVALID, r.verdict(), "seed " + seed + " " + spec + ": " + r.summary());
        }
        assertTrue(injected > SEEDS / 2, "only " + injected + " histories had room for a stale read");
    }

    /**
     * Finds writes W and W2 and a read R of one key with W done before W2 began and W2 done
     * before R began, and makes R return W's value. Written values are unique, so no order
     * explains it.
     */
    static List<Op> injectStaleRead(List<Op> h) {
        List<History.Operation> ops = History.operations(h);
        // The earliest such read: the search must rule out every placement of the indeterminate
        // ops before it, which grows exponentially with their number.
        for (History.Operation read : ops) {
            if (!read.ok() || !read.invoke().f().equals("read")) {
                continue;
            }
            for (History.Operation w2 : ops) {
                if (!isWrite(w2, read) || w2.completionPos() > read.invokePos()) {
                    continue;
                }
                for (History.Operation w : ops) {
                    if (isWrite(w, read) && w.completionPos() < w2.invokePos()) {
                        List<Op> out = new ArrayList<>(h);
                        Op c = read.completion();
                        out.set(
                                read.completionPos(),
                                new Op(
                                        c.index(),
                                        c.time(),
                                        c.process(),
                                        c.type(),
                                        c.f(),
                                        c.key(),
                                        w.invoke().value(),
                                        null));
                        return out;
                    }
                }
            }
        }
        return null;
    }

    private static boolean isWrite(History.Operation op, History.Operation read) {
        return op.ok()
                && op.invoke().f().equals("write")
                && java.util.Objects.equals(op.invoke().key(), read.invoke().key());
    }

    /** Fifty clients on one register: the search decides (how fast is for the benchmark). */
    @Test
    void fiftyProcessesOnOneRegisterGetAVerdict() {
        List<Op> h = GeneratedHistory.generate(new GeneratedHistory.Spec(10_000, 50, 1, 0.01, 42));
        CheckResult r = new LinearizabilityChecker(RegisterModel.casRegister(null)).check(h);
        assertEquals(Verdict.VALID, r.verdict(), r.summary());
        List<Op> stale = injectStaleRead(h);
        CheckResult bad = new LinearizabilityChecker(RegisterModel.casRegister(null)).check(stale);
        assertEquals(Verdict.INVALID, bad.verdict(), bad.summary());
    }

    @Test
    void searchPastItsDeadlineGivesUnknown() {
        // A clock that reads one hour later at every look: the first deadline check stops the
        // search, however fast the machine. 2,000 ops take more steps than one check interval.
        long[] now = {0};
        LongSupplier clock = () -> now[0] += 3_600_000_000_000L;
        List<Op> h = GeneratedHistory.generate(new GeneratedHistory.Spec(2_000, 5, 1, 0.01, 42));
        var options = new LinearizabilityChecker.Options(Duration.ofSeconds(1), Long.MAX_VALUE).withClock(clock);
        CheckResult r = new LinearizabilityChecker(RegisterModel.casRegister(null), options).check(h);
        assertEquals(Verdict.UNKNOWN, r.verdict(), r.summary());
        assertTrue(r.summary().contains("timed out after 1 s"), r.summary());
    }

    @Test
    void memoryGuardGivesUnknown() {
        List<Op> h = GeneratedHistory.generate(new GeneratedHistory.Spec(10_000, 50, 1, 0.01, 42));
        var options = new LinearizabilityChecker.Options(Duration.ofMinutes(1), 1_000_000);
        CheckResult r = new LinearizabilityChecker(RegisterModel.casRegister(null), options).check(h);
        assertEquals(Verdict.UNKNOWN, r.verdict(), r.summary());
        assertTrue(r.summary().contains("memory guard"), r.summary());
    }
}
