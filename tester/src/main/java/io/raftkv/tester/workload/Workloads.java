package io.raftkv.tester.workload;

import io.raftkv.tester.checker.Checker;
import io.raftkv.tester.checker.graph.GraphChecker;
import io.raftkv.tester.checker.linear.LinearizabilityChecker;
import io.raftkv.tester.checker.linear.RegisterModel;
import java.time.Duration;
import java.util.List;

/** The workloads by their command-line names, each with the checker that judges it. */
public final class Workloads {
    public static final List<String> NAMES = List.of("cas-register", "register", "append");

    private Workloads() {}

    /**
     * @param checkTimeout wall-clock budget of the linearizability search (unknown beyond it)
     * @throws IllegalArgumentException naming the unknown workload
     */
    public static Workload byName(String name, int concurrency, Duration checkTimeout) {
        Checker linear = new LinearizabilityChecker(
                RegisterModel.kv(null),
                LinearizabilityChecker.Options.defaults().withTimeout(checkTimeout));
        return switch (name) {
            case "cas-register" -> RegisterWorkload.casRegister(concurrency, linear);
            case "register" -> RegisterWorkload.register(concurrency, linear);
            case "append" -> new AppendWorkload(concurrency, new GraphChecker());
            default ->
                throw new IllegalArgumentException(
                        "unknown --workload '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }
}
