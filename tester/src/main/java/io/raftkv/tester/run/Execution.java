package io.raftkv.tester.run;

import io.raftkv.tester.history.Op;
import io.raftkv.tester.nemesis.FaultSchedule;
import io.raftkv.tester.report.NodeLatency;
import java.nio.file.Path;
import java.util.List;

/**
 * What executing a run produced, before any analysis: the history as recorded and where the run's
 * files are.
 *
 * @param mainNanos how long the main phase (workload under faults) ran
 * @param interrupted Ctrl-C or SIGTERM stopped the run early; the history is partial
 * @param latencies each node's fsync and commit latency over the run, from its /metrics
 */
record Execution(
        Path dir,
        String backend,
        FaultSchedule schedule,
        List<Op> history,
        long mainNanos,
        boolean interrupted,
        List<NodeLatency> latencies) {
    Execution {
        history = List.copyOf(history);
        latencies = List.copyOf(latencies);
    }
}
