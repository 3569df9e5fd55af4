package io.raftkv.tester.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The history formats the rig reads, and how a file's format is guessed. */
public enum HistoryFormat {
    /** The rig's JSON Lines ({@link JsonlHistory}). */
    JSONL,
    /** Jepsen EDN: op maps, one per line or in one vector ({@link EdnHistory}); also the mit-kv form. */
    EDN,
    /** Jepsen's text log lines ({@link JepsenLog}). */
    JEPSEN_LOG;

    /** The name used on the command line: jsonl, edn, jepsen-log. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static HistoryFormat ofWire(String s) {
        for (HistoryFormat f : values()) {
            if (f.wire().equals(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown history format '" + s + "' (expected jsonl, edn or jepsen-log)");
    }

    /**
     * Guesses the format from the first non-blank line: a JSON object ({@code {"}) is JSONL, a line
     * with {@code jepsen.util} is a Jepsen log, an EDN map or vector is EDN. The extension decides
     * only when the content does not.
     */
    public static HistoryFormat detect(String fileName, String text) {
        String first = firstLine(text);
        if (first.startsWith("{\"")) {
            return JSONL;
        }
        if (first.contains("jepsen.util")) {
            return JEPSEN_LOG;
        }
        if (first.startsWith("{") || first.startsWith("[")) {
            return EDN;
        }
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            return JSONL;
        }
        if (name.endsWith(".edn")) {
            return EDN;
        }
        return JEPSEN_LOG;
    }

    private static String firstLine(String text) {
        var lines = new TextLines(text);
        for (String line; (line = lines.next()) != null; ) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith(";")) {
                return stripped;
            }
        }
        return "";
    }

    /** Parses {@code text}; {@code file} names the source in error messages. */
    public List<Op> parse(String text, String file) {
        return parseWithLines(text, file).ops();
    }

    /** Parses and orders {@code text}, keeping the line of each op. */
    public ParsedHistory parseWithLines(String text, String file) {
        return switch (this) {
            case JSONL -> JsonlHistory.parse(text, file).ordered();
            case EDN -> EdnHistory.parse(text, file);
            case JEPSEN_LOG -> JepsenLog.parse(text, file);
        };
    }

    /** Reads a file in this format. */
    public List<Op> read(Path path) {
        return parse(readText(path), path.toString());
    }

    /** Writes a history in this format (Jepsen logs are read-only). */
    public void write(List<Op> history, Writer out) throws IOException {
        switch (this) {
            case JSONL -> JsonlHistory.write(history, out);
            case EDN -> EdnHistory.write(history, out);
            case JEPSEN_LOG -> throw new UnsupportedOperationException("the rig does not write Jepsen logs");
        }
    }

    /** A file in a detected format, read, with the line of each op. */
    public record Loaded(Path path, HistoryFormat format, ParsedHistory parsed) {
        public List<Op> history() {
            return parsed.ops();
        }
    }

    /**
     * Reads {@code path}, detecting its format when {@code format} is null.
     *
     * @throws HistoryParseException for a malformed file, or one that holds no client operation
     */
    public static Loaded load(Path path, HistoryFormat format) {
        String text = readText(path);
        HistoryFormat f = format != null ? format : detect(path.getFileName().toString(), text);
        ParsedHistory parsed = f.parseWithLines(text, path.toString());
        if (parsed.ops().stream().allMatch(Op::isNemesis)) {
            throw new HistoryParseException(
                    path.toString(), 0, text.isBlank() ? "the file is empty" : "the history holds no client operation");
        }
        return new Loaded(path, f, parsed);
    }

    static String readText(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
