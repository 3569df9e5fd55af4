package io.raftkv.tester.cli;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.ResultsJson;
import io.raftkv.tester.checker.Summary;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.checker.linear.LinearizabilityChecker;
import io.raftkv.tester.checker.linear.Model;
import io.raftkv.tester.checker.linear.Models;
import io.raftkv.tester.history.HistoryFormat;
import io.raftkv.tester.history.HistoryParseException;
import io.raftkv.tester.history.Op;
import io.raftkv.tester.report.HtmlReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rig check PATH...}: checks history files, or every history file of folders, for
 * linearizability. Prints one line per file and a total. Exit status: 0 all valid, 1 some
 * invalid, 2 some unknown, 3 bad input (unreadable or malformed file, bad flag).
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = CheckCommand.EXIT_BAD_INPUT,
        description = {
            "Checks histories for linearizability.",
            "A folder means every history file in it (.jsonl .edn .log .txt); if it has an expected.tsv,"
                    + " each verdict is compared with it.",
            "Exit: 0 all valid, 1 some invalid, 2 some unknown, 3 bad input."
        })
public final class CheckCommand implements Callable<Integer> {
    static final int EXIT_INVALID = 1;
    static final int EXIT_UNKNOWN = 2;
    static final int EXIT_BAD_INPUT = 3;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "History files or folders.")
    List<Path> paths;

    @Option(
            names = "--model",
            paramLabel = "M",
            description = "register, cas-register, kv or append-kv. Default: chosen from the ops"
                    + " (get/put/append: append-kv with initial \"\"; JSON Lines or keyed ops: kv; else cas-register).")
    String model;

    @Option(names = "--initial", paramLabel = "V", description = "Initial value: nil, an integer or a string.")
    String initial;

    @Option(
            names = "--format",
            paramLabel = "F",
            defaultValue = "auto",
            description = "auto, jsonl, edn or jepsen-log (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--html",
            paramLabel = "OUT",
            description = "Write an HTML report: to OUT for one file, else OUT/<file>.html.")
    Path html;

    @Option(names = "--json", paramLabel = "OUT", description = "Write all results as JSON to OUT.")
    Path json;

    @Option(
            names = "--timeout",
            paramLabel = "S",
            defaultValue = "60",
            description = "Seconds per file before the verdict is unknown (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(
            names = {"-v", "--verbose"},
            description = "Explain every verdict that is not valid (always done for a single file).")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private record Job(Path file, HistoryFolder folder) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HistoryFormat fmt;
        Model<?, ?> forced;
        try {
            fmt = format.equals("auto") ? null : HistoryFormat.ofWire(format);
            Object init = initial == null ? Models.DEFAULT_INITIAL : Models.parseInitial(initial);
            forced = model == null ? null : Models.byName(model, init == Models.DEFAULT_INITIAL ? null : init);
            if (!(timeoutSeconds > 0)) {
                throw new IllegalArgumentException("--timeout must be a positive number of seconds");
            }
        } catch (IllegalArgumentException e) {
            err.println("rig check: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        List<Job> jobs = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try {
                    HistoryFolder folder = HistoryFolder.of(p);
                    folder.files().forEach(f -> jobs.add(new Job(f, folder)));
                } catch (HistoryParseException | UncheckedIOException e) {
                    err.println("rig check: " + e.getMessage());
                    return EXIT_BAD_INPUT;
                }
            } else if (Files.isRegularFile(p)) {
                jobs.add(new Job(p, null));
            } else {
                err.println("rig check: " + p + ": no such file or folder");
                return EXIT_BAD_INPUT;
            }
        }
        if (jobs.isEmpty()) {
            err.println("rig check: no history files in " + paths);
            return EXIT_BAD_INPUT;
        }
        boolean explain = verbose || jobs.size() == 1;
        if (html != null && jobs.size() > 1) {
            try {
                Files.createDirectories(html);
            } catch (IOException e) {
                err.println("rig check: --html " + html + ": " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
        }
        int width =
                jobs.stream().mapToInt(j -> j.file().toString().length()).max().orElse(10);
        Tally tally = new Tally();
        List<Object> jsonFiles = new ArrayList<>();
        long started = System.nanoTime();
        for (Job job : jobs) {
            HistoryFormat.Loaded loaded;
            try {
                loaded = HistoryFormat.load(job.file(), fmt);
            } catch (HistoryParseException | UncheckedIOException e) {
                out.printf("%-" + width + "s  bad input: %s%n", job.file(), e.getMessage());
                tally.badInput++;
                continue;
            }
            Model<?, ?> m = forced != null ? forced : Models.guess(loaded.history(), loaded.format(), guessInitial());
            var checker = new LinearizabilityChecker(
                    m, LinearizabilityChecker.Options.defaults().withTimeout(Duration.ofNanos((long)
                            (timeoutSeconds * 1e9))));
            long t0 = System.nanoTime();
            CheckResult result = checker.check(loaded.history());
            long nanos = System.nanoTime() - t0;
            tally.add(result.verdict(), nanos);
            StringBuilder line = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%-" + width + "s  %-7s %10s  %s",
                    job.file(),
                    result.verdict().wire(),
                    millis(nanos),
                    m.name()));
            Verdict expected = job.folder() == null ? null : job.folder().expectedFor(job.file());
            if (expected != null) {
                boolean match = expected == result.verdict();
                tally.compared++;
                tally.mismatched += match ? 0 : 1;
                line.append(match ? "  matches expected" : "  MISMATCH: expected " + expected.wire());
            }
            out.println(line);
            if (explain && !result.valid()) {
                out.print(Summary.of(List.of(result)).indent(2));
            }
            jsonFiles.add(fileJson(job.file(), loaded.format(), nanos, result));
            if (html != null && !writeHtml(job.file(), jobs.size() == 1, loaded.history(), result, err)) {
                tally.badInput++;
            }
        }
        out.println(tally.total(jobs.size(), System.nanoTime() - started));
        if (json != null && !writeJson(jsonFiles, err)) {
            tally.badInput++;
        }
        out.flush();
        return tally.exitCode();
    }

    private Object guessInitial() {
        return initial == null ? Models.DEFAULT_INITIAL : Models.parseInitial(initial);
    }

    private static Map<String, Object> fileJson(Path file, HistoryFormat format, long nanos, CheckResult r) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("file", file.toString());
        extra.put("format", format.wire());
        extra.put("checkMillis", nanos / 1e6);
        return ResultsJson.toMap(List.of(r), extra);
    }

    private boolean writeHtml(Path file, boolean single, List<Op> history, CheckResult r, PrintWriter err) {
        Path out = single ? html : html.resolve(file.getFileName() + ".html");
        try {
            HtmlReport.write(out, file.getFileName().toString(), history, List.of(r));
            return true;
        } catch (IOException e) {
            err.println("rig check: --html " + out + ": " + e.getMessage());
            return false;
        }
    }

    private boolean writeJson(List<Object> files, PrintWriter err) {
        try (Writer w = Files.newBufferedWriter(json)) {
            ResultsJson.write(Map.of("files", files), w);
            return true;
        } catch (IOException e) {
            err.println("rig check: --json " + json + ": " + e.getMessage());
            return false;
        }
    }

    static String millis(long nanos) {
        double ms = nanos / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    /** Counts verdicts for the total line and the exit status. */
    private static final class Tally {
        int valid;
        int invalid;
        int unknown;
        int badInput;
        int compared;
        int mismatched;
        long checkNanos;

        void add(Verdict v, long nanos) {
            checkNanos += nanos;
            switch (v) {
                case VALID -> valid++;
                case INVALID -> invalid++;
                case UNKNOWN -> unknown++;
            }
        }

        String total(int files, long wallNanos) {
            StringBuilder sb = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%d file(s): %d valid, %d invalid, %d unknown, %d bad input; checking %s, total %s",
                    files,
                    valid,
                    invalid,
                    unknown,
                    badInput,
                    millis(checkNanos),
                    millis(wallNanos)));
            if (compared > 0) {
                sb.append(
                        mismatched == 0
                                ? "; all " + compared + " match expected.tsv"
                                : "; " + mismatched + " of " + compared + " DO NOT match expected.tsv");
            }
            return sb.toString();
        }

        int exitCode() {
            if (badInput > 0) {
                return EXIT_BAD_INPUT;
            }
            if (invalid > 0) {
                return EXIT_INVALID;
            }
            return unknown > 0 ? EXIT_UNKNOWN : 0;
        }
    }
}
