package io.raftkv.tester.history;

/**
 * The lines of a text one at a time, numbered from 1, as the history readers count them: split
 * at {@code '\n'} only (a {@code '\r'} stays at the end of its line), with no empty last line
 * after a final newline.
 */
final class TextLines {
    private final String text;
    private int start;
    private int number;

    TextLines(String text) {
        this.text = text;
    }

    /** The next line, or null after the last. */
    String next() {
        if (start >= text.length()) {
            return null;
        }
        int end = text.indexOf('\n', start);
        if (end < 0) {
            end = text.length();
        }
        number++;
        String line = text.substring(start, end);
        start = end + 1;
        return line;
    }

    /** The 1-based number of the line {@link #next()} returned last. */
    int number() {
        return number;
    }
}
