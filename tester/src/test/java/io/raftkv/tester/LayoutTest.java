package io.raftkv.tester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tester's layout rules, held at build time over the source text: the rig never imports the
 * server (it tests it as a black box, over HTTP); checker/ never imports report/, cli/ or nemesis/
 * (a verdict depends on the history alone); nemesis/ and cluster/ never import checker/.
 */
class LayoutTest {
    private static final Path ROOT = Path.of("src");
    private static final String PKG = "src/main/java/io/raftkv/tester/";

    /**
     * A rule: sources whose path starts with {@code under} must not name {@code forbidden} (a
     * package, as in an import or a fully qualified name).
     */
    record Rule(String under, String forbidden) {
        private static final Pattern NAME = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\b");

        boolean applies(String path) {
            return path.replace('\\', '/').startsWith(under);
        }

        /** The forbidden names the code of {@code source} uses (comments and strings do not count). */
        List<String> violations(String source) {
            List<String> found = new ArrayList<>();
            Matcher m = NAME.matcher(codeOnly(source));
            while (m.find()) {
                String name = m.group();
                if (name.equals(forbidden) || name.startsWith(forbidden + ".")) {
                    found.add(name);
                }
            }
            return found;
        }
    }

    static final List<Rule> RULES = List.of(
            new Rule("src/", "io.raftkv.server"),
            new Rule(PKG + "checker/", "io.raftkv.tester.report"),
            new Rule(PKG + "checker/", "io.raftkv.tester.cli"),
            new Rule(PKG + "checker/", "io.raftkv.tester.nemesis"),
            new Rule(PKG + "nemesis/", "io.raftkv.tester.checker"),
            new Rule(PKG + "cluster/", "io.raftkv.tester.checker"));

    @Test
    void theSourcesKeepEveryRule() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(ROOT)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(files.size() > 50, "expected the tester's sources under " + ROOT.toAbsolutePath());
        List<String> bad = new ArrayList<>();
        for (Rule rule : RULES) {
            long checked = 0;
            for (Path f : files) {
                if (rule.applies(f.toString())) {
                    checked++;
                    List<String> v = rule.violations(Files.readString(f));
                    if (!v.isEmpty()) {
                        bad.add(f + " names " + v + " against " + rule);
                    }
                }
            }
            assertTrue(checked > 0, "no source under " + rule.under());
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void eachRuleFailsOnASourceThatBreaksIt() {
        for (Rule rule : RULES) {
            String imports = "package x;\nimport " + rule.forbidden() + ".Something;\nclass A {}";
            String qualified = "package x;\nclass A { Object o = new " + rule.forbidden() + ".Something(); }";
            String staticImport = "package x;\nimport static " + rule.forbidden() + ".Something.f;\nclass A {}";
            for (String source : List.of(imports, qualified, staticImport)) {
                assertEquals(1, rule.violations(source).size(), rule + " on " + source);
            }
        }
    }

    @Test
    void aRuleIgnoresCommentsStringsAndLookAlikePackages() {
        Rule rule = new Rule(PKG + "checker/", "io.raftkv.tester.report");
        String source = "package io.raftkv.tester.checker;\n"
                + "import io.raftkv.tester.reporting.Table; // io.raftkv.tester.report.Html\n"
                + "/* import io.raftkv.tester.report.Html; */\n"
                + "class A { String s = \"io.raftkv.tester.report\"; }";
        assertEquals(List.of(), rule.violations(source));
        assertTrue(rule.applies(PKG + "checker/Linear.java"));
        assertTrue(!rule.applies(PKG + "report/Html.java"));
    }

    /** {@code source} with comments and string and character literals blanked out. */
    static String codeOnly(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            int end;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                end = Math.min(n, j + 1);
            } else {
                out.append(c);
                i++;
                continue;
            }
            for (int k = i; k < end; k++) {
                out.append(source.charAt(k) == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return out.toString();
    }
}
