package io.raftkv.tester.run;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Checker;
import io.raftkv.tester.checker.ResultsJson;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.Op;
import java.util.List;

/**
 * The analysis of an executed run: check the history, tally the faults against the schedule, count
 * client progress in the healed gaps, and read what the node logs say. Touches no file but the node
 * logs it reads.
 */
final class RunAnalysis {
    private RunAnalysis() {}

    static RunResult analyse(Execution run, Checker checker) {
        List<Op> history = run.history();
        long t0 = System.nanoTime();
        CheckResult result = checker.check(history);
        long checkMillis = (System.nanoTime() - t0) / 1_000_000;
        List<CheckResult> results = List.of(result);
        Verdict verdict = ResultsJson.merged(results);
        long ok = count(history, Op.Type.OK);
        long fail = count(history, Op.Type.FAIL);
        long info = count(history, Op.Type.INFO);
        double seconds = Math.max(1e-9, run.mainNanos() / 1e9);
        return new RunResult(
                verdict,
                run.dir(),
                run.backend(),
                run.schedule(),
                ok,
                fail,
                info,
                (ok + fail + info) / seconds,
                checkMillis,
                FaultTally.of(run.schedule(), history),
                HealedGaps.of(history),
                NodeLogCounts.fromLogs(run.dir().resolve("nodes")),
                results,
                run.interrupted());
    }

    private static long count(List<Op> history, Op.Type type) {
        return history.stream().filter(o -> !o.isNemesis() && o.type() == type).count();
    }
}
