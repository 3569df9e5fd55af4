package io.raftkv.tester.cluster.ssh;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting for the scripts the rig sends over SSH. */
final class Shell {
    private Shell() {}

    /** The word as one shell argument: unchanged when it is plainly safe, else in single quotes. */
    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    static String command(List<String> words) {
        return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }
}
