package io.raftkv.tester.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcStatTest {
    // A real line's shape: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt
    // cmajflt utime stime cutime cstime ...
    private static final String LINE =
            "4242 (java) S 1 4242 4242 0 -1 4194560 91234 0 12 0 1234 567 8 9 20 0 41 0 123456 3000000000 50000";

    @Test
    void userPlusSystemTicksInSeconds() {
        assertEquals(18.01, ProcStat.cpuSeconds(LINE, 100), 1e-9);
        assertEquals(1.801, ProcStat.cpuSeconds(LINE, 1000), 1e-9);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String odd = LINE.replace("(java)", "(a) b (c) d)");
        assertEquals(18.01, ProcStat.cpuSeconds(odd, 100), 1e-9);
    }

    @Test
    void somethingElseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.cpuSeconds("not a stat line", 100));
        assertThrows(IllegalArgumentException.class, () -> ProcStat.cpuSeconds("1 (x) S 1 2 3", 100));
        assertThrows(
                IllegalArgumentException.class, () -> ProcStat.cpuSeconds(LINE.replace(" 1234 567 ", " x 567 "), 100));
    }

    @Test
    void thisProcessesCpuTimeGrowsWithWork() {
        assumeTrue(Files.exists(Path.of("/proc/self/stat")), "Linux only");
        long pid = ProcessHandle.current().pid();
        double before = ProcStat.cpuSeconds(pid).orElseThrow();
        long end = System.nanoTime() + 300_000_000L;
        long spin = 0;
        while (System.nanoTime() < end) {
            spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
        }
        double after = ProcStat.cpuSeconds(pid).orElseThrow();
        assertTrue(after >= before + 0.05, "cpu " + before + " -> " + after + " (" + spin + ")");
    }

    @Test
    void aProcessThatIsNotThereHasNoFigure() {
        assertTrue(ProcStat.cpuSeconds(Long.MAX_VALUE).isEmpty());
    }
}
