package io.raftkv.tester.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A run's folder, {@code histories/runs/<time>-<name>/}, and the {@code latest} link to the newest.
 */
public final class RunFolder {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFolder() {}

    /** The default parent: histories/runs under raftkv.home (set by ./rig) or the working directory. */
    public static Path defaultRunsDir() {
        String home = System.getProperty("raftkv.home");
        return (home == null ? Path.of("") : Path.of(home))
                .resolve("histories")
                .resolve("runs")
                .toAbsolutePath();
    }

    /** Creates a fresh folder for a run and points {@code latest} at it. */
    public static Path create(Path runsDir, String name) {
        try {
            Files.createDirectories(runsDir);
            String base = LocalDateTime.now().format(TIME) + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_");
            Path dir = runsDir.resolve(base);
            for (int i = 2; Files.exists(dir); i++) {
                dir = runsDir.resolve(base + "-" + i);
            }
            Files.createDirectories(dir.resolve("nodes"));
            Path latest = runsDir.resolve("latest");
            Files.deleteIfExists(latest);
            try {
                Files.createSymbolicLink(latest, dir.getFileName());
            } catch (UnsupportedOperationException | IOException e) {
                // a file system without links: the folder itself is what matters
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run folder under " + runsDir, e);
        }
    }
}
