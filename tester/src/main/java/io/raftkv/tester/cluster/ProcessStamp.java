package io.raftkv.tester.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A process on this machine, named so that a later process given the same pid is not taken for it:
 * the boot it ran in, its pid and its start time. Written as {@code boot/pid/startMillis} in pid
 * files and Docker labels.
 */
public record ProcessStamp(String boot, long pid, long startMillis) {
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    /** The stamp of the running JVM. */
    public static ProcessStamp current() {
        return of(ProcessHandle.current()).orElseThrow();
    }

    /** The stamp of a process, if the system tells its start time. */
    public static Optional<ProcessStamp> of(ProcessHandle process) {
        return process.info()
                .startInstant()
                .map(start -> new ProcessStamp(thisBoot(), process.pid(), start.toEpochMilli()));
    }

    /** Parses {@link #toString()}'s form; {@link IllegalArgumentException} if it is not one. */
    public static ProcessStamp parse(String text) {
        String[] parts = text.strip().split("/");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a process stamp (boot/pid/startMillis): '" + text + "'");
        }
        try {
            return new ProcessStamp(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a process stamp (boot/pid/startMillis): '" + text + "'");
        }
    }

    /** Whether this machine has booted since the process started. */
    public boolean fromAnotherBoot() {
        return !boot.equals(thisBoot());
    }

    /** The process itself, if it still runs (not another one that got its pid). */
    public Optional<ProcessHandle> handle() {
        if (fromAnotherBoot()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> p.info()
                .startInstant()
                .map(Instant::toEpochMilli)
                // start times come from clock ticks since boot: allow for rounding
                .map(start -> Math.abs(start - startMillis) < 1000)
                .orElse(false));
    }

    public boolean isAlive() {
        return handle().isPresent();
    }

    @Override
    public String toString() {
        return boot + "/" + pid + "/" + startMillis;
    }

    /** This boot's id (Linux), or "unknown" where the system does not say. */
    static String thisBoot() {
        try {
            return Files.readString(BOOT_ID).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
