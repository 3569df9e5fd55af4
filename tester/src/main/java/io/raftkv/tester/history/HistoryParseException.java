package io.raftkv.tester.history;

/** A history file could not be read: names the file, the 1-based line and what was wrong. */
public final class HistoryParseException extends RuntimeException {
    private final String file;
    private final int line;
    private final String problem;

    public HistoryParseException(String file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    /** 1-based line, or 0 when the problem is not tied to a line. */
    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
