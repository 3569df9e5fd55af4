package io.raftkv.tester.checker.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.cli.Corpus;
import io.raftkv.tester.cli.HistoryFolder;
import io.raftkv.tester.history.HistoryFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every history of the reference corpus ({@code ../shared/corpus}) gets the verdict its folder's
 * {@code expected.tsv} lists, with the model {@code rig check} would choose. That folder exists only
 * on the project's own CI machines: elsewhere this test is skipped.
 */
class CorpusTest {
    /** The corpus as its README describes it: a smaller or empty one would pass unnoticed. */
    private static final Map<String, Integer> FILES = Map.of("jepsen-etcd", 102, "mit-kv", 6);

    @TestFactory
    Stream<DynamicTest> everyCorpusFileMatchesExpectedVerdict() throws Exception {
        Path root = Corpus.locate().orElse(null);
        String missing = "reference corpus not found: no shared/corpus above "
                + Path.of("").toAbsolutePath() + " (set -Draftkv.corpus=DIR)";
        // CI has the corpus beside the project: there, not finding it is an error, not a skip.
        assertFalse(root == null && "true".equals(System.getenv("CI")), missing);
        Assumptions.assumeTrue(root != null, missing);
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, Integer> found = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                HistoryFolder folder = HistoryFolder.of(dir);
                found.put(dir.getFileName().toString(), folder.files().size());
                assertFalse(folder.expected().isEmpty(), dir + " has no expected.tsv");
                assertEquals(
                        folder.expected().size(), folder.files().size(), dir + ": files and expected.tsv disagree");
                for (Path file : folder.files()) {
                    tests.add(DynamicTest.dynamicTest(dir.getFileName() + "/" + file.getFileName(), () -> {
                        var loaded = HistoryFormat.load(file, null);
                        CheckResult r = new LinearizabilityChecker(
                                        Models.guess(loaded.history(), loaded.format(), Models.DEFAULT_INITIAL))
                                .check(loaded.history());
                        assertEquals(folder.expectedFor(file), r.verdict(), r.summary());
                    }));
                }
            }
        }
        assertEquals(new TreeMap<>(FILES), found, "the corpus under " + root + " is complete");
        return tests.stream();
    }
}
