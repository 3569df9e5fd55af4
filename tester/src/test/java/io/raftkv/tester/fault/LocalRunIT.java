package io.raftkv.tester.fault;

import static io.raftkv.tester.fault.FaultAssertions.assertFailover;
import static io.raftkv.tester.fault.FaultAssertions.assertFaultsBit;
import static io.raftkv.tester.fault.FaultAssertions.assertRecheckAgrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.JsonlHistory;
import io.raftkv.tester.history.Op;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A short run on local processes: the backend that needs neither Docker nor root. */
class LocalRunIT {

    @Test
    void shortRunUnderAllNemeses_isValid_andLeavesACompleteRunFolder() throws Exception {
        var spec = Runs.spec("local", "local-smoke", "partition,kill,pause", "cas-register", List.of(), 7);
        var result = Runs.run(spec);
        assertEquals("local", result.backend());
        assertEquals(Verdict.VALID, result.verdict(), result.line());
        for (var file : List.of("history.jsonl", "test.json", "results.json", "report.html", "nodes/n1.log")) {
            assertTrue(Files.size(result.dir().resolve(file)) > 0, file + " is missing or empty");
        }
        List<Op> history = JsonlHistory.read(Files.readString(result.dir().resolve("history.jsonl")), "history.jsonl");
        assertFaultsBit(result);
        assertRecheckAgrees(result);
        assertFailover(result); // the leader is cut off, then killed
        assertTrue(
                result.faults("partition") > 0 && result.faults("pause") > 0 && result.faults("kill") > 0,
                result.line());
        // Every process that got info never invoked again.
        var infoProcesses = history.stream()
                .filter(o -> !o.isNemesis() && o.type() == Op.Type.INFO)
                .map(Op::process)
                .toList();
        for (var p : infoProcesses) {
            long lastInfo = history.stream()
                    .filter(o -> o.process() == p && o.type() == Op.Type.INFO)
                    .mapToLong(Op::index)
                    .max()
                    .orElseThrow();
            assertTrue(history.stream().noneMatch(o -> o.process() == p && o.isInvoke() && o.index() > lastInfo));
        }
    }
}
