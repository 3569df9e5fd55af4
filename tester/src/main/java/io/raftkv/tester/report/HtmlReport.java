package io.raftkv.tester.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.Op;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One self-contained HTML page explaining a run: verdict, a timeline with a lane per process and
 * nemesis faults as bands, a latency plot, and for a violation the failing operation, the
 * linearized prefix and the model states, or the anomalies' cycles. Styles, script and data are
 * inline; the page fetches nothing. All history text reaches the page as JSON data and is put on
 * it as text, never as markup.
 */
public final class HtmlReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HtmlReport() {}

    /** Writes the page to {@code out}, creating parent folders. */
    public static void write(Path out, String title, List<Op> history, List<CheckResult> results) throws IOException {
        write(out, title, history, results, List.of());
    }

    /** Writes the page with each node's latencies drawn next to the fault bands. */
    public static void write(
            Path out, String title, List<Op> history, List<CheckResult> results, List<NodeLatency> latencies)
            throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, render(title, history, results, latencies), StandardCharsets.UTF_8);
    }

    /** The page as a string. */
    public static String render(String title, List<Op> history, List<CheckResult> results) {
        return render(title, history, results, List.of());
    }

    /** The page as a string, with each node's latencies. */
    public static String render(
            String title, List<Op> history, List<CheckResult> results, List<NodeLatency> latencies) {
        String data;
        try {
            var model = ReportData.of(title, history, results);
            model.put("nodeLatency", latencies.stream().map(NodeLatency::toData).toList());
            data = Text.scriptSafeJson(JSON.writeValueAsString(model));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("check results are not JSON-ready data", e);
        }
        Verdict verdict = results.stream().map(CheckResult::verdict).reduce(Verdict.VALID, Verdict::merge);
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s: %s</title>
                <style>%s</style>
                </head>
                <body>
                <noscript><p>%s: %s. The timeline needs JavaScript.</p></noscript>
                <div id="app"></div>
                <script type="application/json" id="data">%s</script>
                <script>%s</script>
                </body>
                </html>
                """.formatted(
                        Text.html(title),
                        verdict.wire(),
                        resource("report.css"),
                        Text.html(title),
                        verdict.wire(),
                        data,
                        resource("report.js"));
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
