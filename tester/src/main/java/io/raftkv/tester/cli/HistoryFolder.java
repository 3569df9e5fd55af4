package io.raftkv.tester.cli;

import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.HistoryParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The history files directly inside a folder ({@code .jsonl .edn .log .txt}, sorted by name) and
 * the verdicts its {@code expected.tsv} lists, if it has one: lines {@code file<TAB>expected}
 * where expected is {@code linearizable}/{@code valid} or {@code violation}/{@code invalid}; a
 * first line starting with {@code file} is a header.
 */
public record HistoryFolder(Path dir, List<Path> files, Map<String, Verdict> expected) {
    public static final String EXPECTED = "expected.tsv";
    private static final Set<String> EXTENSIONS = Set.of("jsonl", "edn", "log", "txt");

    public static HistoryFolder of(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> EXTENSIONS.contains(extension(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        Path tsv = dir.resolve(EXPECTED);
        return new HistoryFolder(dir, files, Files.exists(tsv) ? readExpected(tsv) : Map.of());
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 || name.startsWith(".") ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    public static Map<String, Verdict> readExpected(Path tsv) {
        Map<String, Verdict> out = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tsv + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.startsWith("file"))) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length < 2) {
                throw new HistoryParseException(tsv.toString(), i + 1, "expected file<TAB>expected");
            }
            Verdict v =
                    switch (cols[1].strip()) {
                        case "linearizable", "valid" -> Verdict.VALID;
                        case "violation", "invalid" -> Verdict.INVALID;
                        case "unknown" -> Verdict.UNKNOWN;
                        default ->
                            throw new HistoryParseException(
                                    tsv.toString(),
                                    i + 1,
                                    "expected is linearizable or violation, not '" + cols[1] + "'");
                    };
            out.put(cols[0].strip(), v);
        }
        return out;
    }

    /** The expected verdict for a file of this folder, or null. */
    public Verdict expectedFor(Path file) {
        return expected.get(file.getFileName().toString());
    }
}
