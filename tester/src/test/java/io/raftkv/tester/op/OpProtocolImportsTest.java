package io.raftkv.tester.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The op protocol keeps {@code generator} and {@code workload} apart: workloads and the protocol
 * never import the generator, and the protocol imports no workload, so the two packages do not
 * import each other.
 */
class OpProtocolImportsTest {
    private static final Path SOURCES = Path.of("src/main/java/io/raftkv/tester");

    @Test
    void workloadsAndTheProtocol_neverImportTheGenerator() throws IOException {
        assertEquals(List.of(), importing("workload", "io.raftkv.tester.generator."));
        assertEquals(List.of(), importing("op", "io.raftkv.tester.generator."));
    }

    @Test
    void theProtocol_importsNoWorkload() throws IOException {
        assertEquals(List.of(), importing("op", "io.raftkv.tester.workload."));
    }

    /** The files of {@code pkg} with an import of anything in {@code prefix}, with the import. */
    private static List<String> importing(String pkg, String prefix) throws IOException {
        Path dir = SOURCES.resolve(pkg);
        assertTrue(Files.isDirectory(dir), "run from the tester module: no " + dir.toAbsolutePath());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .sorted()
                    .flatMap(f -> lines(f).stream()
                            .filter(l -> l.startsWith("import " + prefix) || l.startsWith("import static " + prefix))
                            .map(l -> f.getFileName() + ": " + l))
                    .toList();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
