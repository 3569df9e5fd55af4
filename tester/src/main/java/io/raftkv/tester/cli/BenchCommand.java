package io.raftkv.tester.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rig bench <what>}: benchmarks, one subcommand per part measured. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks.",
        subcommands = {CheckerBenchCommand.class, BenchServerCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
