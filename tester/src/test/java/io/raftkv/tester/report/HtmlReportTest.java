package io.raftkv.tester.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.checker.graph.GraphChecker;
import io.raftkv.tester.checker.graph.SyntheticAppendHistory;
import io.raftkv.tester.history.Op;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @TempDir
    Path dir;

    @Test
    void page_isSelfContained() {
        String page = HtmlReport.render("run", Examples.staleRegister(), List.of(Examples.staleRegisterResult()));
        assertFalse(Pattern.compile("(src|href)\\s*=", Pattern.CASE_INSENSITIVE)
                .matcher(page)
                .find());
        assertFalse(page.contains("http://") || page.contains("https://"));
        assertFalse(page.contains("@import") || page.contains("url("));
    }

    @Test
    void historyText_cannotCloseTheScriptOrInjectMarkup() {
        String evil = "</script><script>alert(1)</script><!--";
        List<Op> h = List.of(
                new Op(0, 0, 0, Op.Type.INVOKE, "write", evil, evil, null),
                new Op(1, 1000, 0, Op.Type.OK, "write", evil, evil, evil));
        String page =
                HtmlReport.render("<b>title</b>", h, List.of(new CheckResult(evil, Verdict.VALID, evil, Map.of())));
        assertFalse(page.contains("alert(1)</script>"), "raw script text leaked");
        assertFalse(page.contains("<b>title"));
        assertFalse(page.contains("<!--"));
        Matcher closes = Pattern.compile("</script>").matcher(page);
        int count = 0;
        while (closes.find()) {
            count++;
        }
        assertEquals(2, count, "only the page's own two script elements close");
    }

    @Test
    void hundredThousandOps_giveAModestFile() {
        List<Op> h = SyntheticAppendHistory.generate(50_000, 50, 1_000, 3);
        String page = HtmlReport.render("big", h, List.of(new GraphChecker().check(h)));
        System.out.printf("report for %d ops: %.1f MB%n", h.size(), page.length() / 1e6);
        assertTrue(page.length() < 12_000_000, "page is " + page.length() + " chars");
    }

    @Test
    void rendered_showsVerdictFailingOpAndFaultBands() throws Exception {
        Path page = dir.resolve("report.html");
        HtmlReport.write(page, "stale register", Examples.staleRegister(), List.of(Examples.staleRegisterResult()));
        String dom = HeadlessChromium.dumpDom(page);
        assertTrue(dom.contains("id=\"verdict\" class=\"verdict invalid\">INVALID<"), "verdict banner missing");
        assertTrue(dom.contains("✗ failing op 5 (p2 read k1)"), "failing op label missing");
        assertTrue(dom.contains("1 fail, 1 info"), "op counts missing");
        assertTrue(dom.contains("; 1 fault<"), "the one fault band, counted: " + dom);
        assertTrue(dom.contains("<li>op 1 (p0 write k1) 1</li>"), "a write shows its value: " + dom);
        assertTrue(dom.contains("failing op 5 (p2 read k1): → 1<"), "a read shows what it returned: " + dom);
        assertTrue(
                dom.contains("The 3 operations that prove it (outlined in red on the timeline)"),
                "the violation's core is named at the top: " + dom);
        assertTrue(dom.contains("<li>op 3 (p1 write k1) 2 · ok · 0.040 s to 0.060 s</li>"), dom);
        assertTrue(dom.indexOf("id=\"core\"") < dom.indexOf("<canvas"), "the core comes before the timeline");
    }

    @Test
    void rendered_graphAnomaly_listsItsCycle() throws Exception {
        List<Op> h = new ArrayList<>();
        h.add(new Op(0, 0, 0, Op.Type.INVOKE, "append", "x", 1L, null));
        h.add(new Op(1, 1_000_000, 0, Op.Type.OK, "append", "x", 1L, null));
        h.add(new Op(2, 2_000_000, 1, Op.Type.INVOKE, "read", "x", null, null));
        h.add(new Op(3, 3_000_000, 1, Op.Type.OK, "read", "x", List.of(), null));
        h.add(new Op(4, 4_000_000, 1, Op.Type.INVOKE, "read", "x", null, null));
        h.add(new Op(5, 5_000_000, 1, Op.Type.OK, "read", "x", List.of(1L), null));
        CheckResult result = new GraphChecker().check(h);
        Path page = dir.resolve("graph.html");
        HtmlReport.write(page, "append", h, List.of(result));
        String dom = HeadlessChromium.dumpDom(page);
        assertTrue(dom.contains(">INVALID<"), "verdict missing");
        assertTrue(dom.contains("G-single-realtime (1)"), "anomaly missing");
        assertTrue(dom.contains("op 0 -rt-&gt; op 2 -rw(x)-&gt; op 0"), "cycle text missing");
    }
}
