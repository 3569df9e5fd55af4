package io.raftkv.tester.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.Op;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunResultTest {

    private static Op nemesis(int i, String f, Object value) {
        return new Op(i, i * 1_000_000L, Op.NEMESIS, Op.Type.INFO, f, null, value, null);
    }

    @Test
    void faults_countTheStartOpsByKind() {
        List<Op> history = List.of(
                nemesis(0, "start-membership", Map.of("removed", "n2")),
                nemesis(1, "stop-membership", Map.of("added", List.of("n2"))),
                new Op(2, 2_000_000L, 0, Op.Type.INVOKE, "read", "k0", null, null),
                nemesis(3, "start-kill", List.of("n1")),
                nemesis(4, "stop-kill", List.of("n1")),
                nemesis(5, "start-membership", Map.of("removed", "n1")),
                nemesis(6, "nemesis-error", "membership"));
        var faults = Runner.faults(history);
        assertEquals(Map.of("membership", 2L, "kill", 1L), faults);

        var run = new RunResult(
                Verdict.VALID, Path.of("x"), "docker", 1, 0, 0, 1.0, 1, 1, SnapshotCounts.NONE, faults, List.of());
        assertEquals(2, run.faults("membership"));
        assertEquals(0, run.faults("pause"));
        assertEquals("faults: 1 kill, 2 membership", run.faultsLine());
        assertTrue(run.line().contains("faults: 1 kill, 2 membership, 1 nemesis errors"), run.line());
        var none = new RunResult(
                Verdict.VALID, Path.of("x"), "docker", 1, 0, 0, 1.0, 1, 0, SnapshotCounts.NONE, Map.of(), List.of());
        assertEquals("faults: none", none.faultsLine());
    }
}
