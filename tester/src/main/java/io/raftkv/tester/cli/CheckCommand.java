package io.raftkv.tester.cli;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.ResultsJson;
import io.raftkv.tester.checker.Summary;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.checker.graph.GraphChecker;
import io.raftkv.tester.checker.linear.LinearizabilityChecker;
import io.raftkv.tester.checker.linear.Model;
import io.raftkv.tester.checker.linear.Models;
import io.raftkv.tester.history.History;
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
 * {@code rig check PATH...}: checks history files, or every history file of folders. The checker
 * is chosen from the history's shape unless {@code --checker} says: list-append histories
 * ({@code append} with list reads, or {@code txn} of appends and reads) go to the graph checker,
 * everything else to the linearizability search with a model guessed from the ops ({@link
 * Models#guess}). Prints one line per file, naming the checker and model that ran, and a total.
 * Exit status: 0 all valid, 1 some invalid, 2 some unknown, 3 bad input (unreadable, empty or
 * malformed file, an op the model does not know, bad flag).
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = CheckCommand.EXIT_BAD_INPUT,
        description = {
            "Checks histories: list-append histories with the graph checker, others for linearizability.",
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
            description = "register, cas-register, multi-register, mutex, set, unordered-queue, fifo-queue"
                    + " (Knossos' models: a nil read tells nothing), kv (nil = absent), append-kv or list-append."
                    + " Keyed ops are checked per key. Default: chosen from the ops; registers are"
                    + " cas-register for EDN, kv for JSON Lines and Jepsen logs.")
    String model;

    @Option(
            names = "--checker",
            paramLabel = "C",
            description = "linear, graph or both. Default: graph for list-append histories, else linear.")
    String checker;

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
            if (checker != null && !List.of("linear", "graph", "both").contains(checker)) {
                throw new IllegalArgumentException(
                        "unknown --checker '" + checker + "' (expected linear, graph or both)");
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
            Checked checked;
            long t0 = System.nanoTime();
            try {
                checked = check(loaded, forced);
            } catch (BadInput e) {
                out.printf("%-" + width + "s  bad input: %s%n", job.file(), e.getMessage());
                tally.badInput++;
                continue;
            }
            long nanos = System.nanoTime() - t0;
            CheckResult result = checked.combined();
            tally.add(result.verdict(), nanos);
            StringBuilder line = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%-" + width + "s  %-7s %10s  %s",
                    job.file(),
                    result.verdict().wire(),
                    millis(nanos),
                    checked.ran()));
            Verdict expected = job.folder() == null ? null : job.folder().expectedFor(job.file());
            if (expected != null) {
                boolean match = expected == result.verdict();
                tally.compared++;
                tally.mismatched += match ? 0 : 1;
                line.append(match ? "  matches expected" : "  MISMATCH: expected " + expected.wire());
            }
            out.println(line);
            if (explain && !result.valid()) {
                out.print(Summary.of(checked.results()).indent(2));
            }
            jsonFiles.add(fileJson(job.file(), loaded.format(), nanos, checked.results()));
            if (html != null && !writeHtml(job.file(), jobs.size() == 1, loaded.history(), checked.results(), err)) {
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

    /** A history that cannot be checked as asked; the message says where and why. */
    static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    /** What ran on one file ("graph (elle-list-append)", "linear (kv)") and what it found. */
    record Checked(String ran, List<CheckResult> results) {
        /** Invalid if any checker says so, else unknown if any is unsure, else valid. */
        CheckResult combined() {
            if (results.size() == 1) {
                return results.get(0);
            }
            CheckResult worst = results.get(0);
            for (CheckResult r : results) {
                if (rank(r.verdict()) > rank(worst.verdict())) {
                    worst = r;
                }
            }
            return worst;
        }

        private static int rank(Verdict v) {
            return switch (v) {
                case VALID -> 0;
                case UNKNOWN -> 1;
                case INVALID -> 2;
            };
        }
    }

    private Checked check(HistoryFormat.Loaded loaded, Model<?, ?> forced) throws BadInput {
        List<Op> history = loaded.history();
        try {
            History.operations(history);
        } catch (History.MalformedHistoryException e) {
            int line = loaded.parsed().lineOfIndex(e.opIndex());
            throw new BadInput(loaded.path() + (line > 0 ? ":" + line : "") + ": " + e.getMessage());
        }
        boolean listAppend = GraphChecker.fits(history);
        String which = checker != null ? checker : listAppend ? "graph" : "linear";
        List<CheckResult> results = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        if (!which.equals("linear")) {
            if (!listAppend) {
                throw new BadInput("the graph checker reads list-append histories (append with list reads, or txn"
                        + " of append and r); this one is not (use --checker linear)");
            }
            results.add(new GraphChecker().check(history));
            ran.add("graph (" + GraphChecker.NAME + ")");
        }
        if (!which.equals("graph")) {
            Model<?, ?> m = forced != null ? forced : Models.guess(history, loaded.format(), guessInitial());
            var linear = new LinearizabilityChecker(
                    m, LinearizabilityChecker.Options.defaults().withTimeout(Duration.ofNanos((long)
                            (timeoutSeconds * 1e9))));
            try {
                linear.validate(history);
            } catch (LinearizabilityChecker.UnsupportedOpException e) {
                int line = loaded.parsed().lineOfIndex(e.opIndex());
                throw new BadInput(loaded.path() + (line > 0 ? ":" + line : "") + ": " + e.getMessage());
            }
            results.add(linear.check(history));
            ran.add("linear (" + m.name() + ")");
        }
        return new Checked(String.join(" + ", ran), results);
    }

    private static Map<String, Object> fileJson(Path file, HistoryFormat format, long nanos, List<CheckResult> r) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("file", file.toString());
        extra.put("format", format.wire());
        extra.put("checkMillis", nanos / 1e6);
        return ResultsJson.toMap(r, extra);
    }

    private boolean writeHtml(Path file, boolean single, List<Op> history, List<CheckResult> r, PrintWriter err) {
        Path out = single ? html : html.resolve(file.getFileName() + ".html");
        try {
            HtmlReport.write(out, file.getFileName().toString(), history, r);
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
