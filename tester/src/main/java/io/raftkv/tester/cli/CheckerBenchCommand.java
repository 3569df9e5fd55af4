package io.raftkv.tester.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "checker", mixinStandardHelpOptions = true, description = "Benchmarks the history checkers.")
public final class CheckerBenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
