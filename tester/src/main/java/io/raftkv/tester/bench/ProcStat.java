package io.raftkv.tester.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * CPU time a process has used, from Linux's {@code /proc/<pid>/stat}: user plus system time
 * (fields 14 and 15, in clock ticks). Where there is no such file (not Linux, or the process is
 * gone), nothing.
 */
public final class ProcStat {
    /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux the JDK runs on. */
    static final long TICKS_PER_SECOND = 100;

    private ProcStat() {}

    /** CPU seconds (user + system) of process {@code pid}, if it runs and this is Linux. */
    public static OptionalDouble cpuSeconds(long pid) {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            return OptionalDouble.of(cpuSeconds(line, TICKS_PER_SECOND));
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    /**
     * CPU seconds in one {@code stat} line. The command name (field 2) is in parentheses and may
     * hold spaces and parentheses itself, so the fields are counted from the last {@code ')'}.
     *
     * @throws IllegalArgumentException if the line is not a stat line
     */
    static double cpuSeconds(String statLine, long ticksPerSecond) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
        }
        String[] fields = statLine.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        if (fields.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat line: " + statLine);
        }
        try {
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) / (double) ticksPerSecond;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("utime/stime are not numbers in: " + statLine, e);
        }
    }
}
