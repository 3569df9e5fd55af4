package io.raftkv.tester.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the reference history corpus, which lives next to the project as {@code ../shared/corpus}
 * on the project's own CI machines only (a fresh clone has none; {@code histories/examples} holds
 * in-repo histories of each format): the {@code raftkv.corpus} system property if set, else the
 * first {@code shared/corpus} folder found walking up from the working directory (so it works from
 * the project root, a module folder or a checkout nested one level deeper).
 */
public final class Corpus {
    private Corpus() {}

    public static Optional<Path> locate() {
        String prop = System.getProperty("raftkv.corpus");
        if (prop != null) {
            return Optional.of(Path.of(prop)).filter(Files::isDirectory);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpus");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
