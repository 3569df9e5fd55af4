package io.raftkv.tester.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Options that are refused before any cluster starts. */
class BenchServerCommandTest {
    private static int exitCode(String... args) {
        var cmd = new CommandLine(new BenchServerCommand());
        cmd.setErr(new PrintWriter(new StringWriter()));
        return cmd.execute(args);
    }

    @Test
    void badLoadShapesAreRefused() {
        assertEquals(3, exitCode("--rate", "-1"));
        assertEquals(3, exitCode("--threads", "0"));
        assertEquals(3, exitCode("--duration", "601"));
        assertEquals(3, exitCode("--phases", "writes,deletes"));
        assertEquals(3, exitCode("--rounds", "0"));
        assertEquals(3, exitCode("--warmup", "-1"));
        assertEquals(3, exitCode("--wrk", "--rate", "100"));
        assertEquals(3, exitCode("--wrk", "--phases", "reads"));
    }

    @Test
    void theMedianOfOddAndEvenCounts() {
        assertEquals(2.0, BenchServerCommand.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, BenchServerCommand.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }
}
