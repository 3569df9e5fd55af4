package io.raftkv.tester.report;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.history.Op;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * TEMPORARY placeholder until the real report page lands: writes a plain page with the verdicts,
 * the failing operation and the history as text. The signature is the report's contract.
 */
public final class HtmlReport {
    private HtmlReport() {}

    public static void write(Path out, String title, List<Op> history, List<CheckResult> results) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("<!doctype html><meta charset=utf-8><title>")
                .append(escape(title))
                .append("</title><h1>")
                .append(escape(title))
                .append("</h1>");
        for (CheckResult r : results) {
            sb.append("<h2>")
                    .append(escape(r.checker()))
                    .append(": ")
                    .append(r.verdict().wire())
                    .append("</h2>");
            sb.append("<p>").append(escape(r.summary())).append("</p>");
            Object failing = r.details().get("failingOp");
            if (failing != null) {
                sb.append("<p>Failing operation: <b>op ")
                        .append(escape(failing.toString()))
                        .append("</b></p>");
            }
        }
        sb.append("<pre>");
        for (Op op : history) {
            sb.append(escape(op.toString())).append('\n');
        }
        sb.append("</pre>");
        Files.writeString(out, sb, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
