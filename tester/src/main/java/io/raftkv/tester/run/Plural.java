package io.raftkv.tester.run;

/** Counted nouns in English: "1 leader change", "2 leader changes". */
final class Plural {
    private Plural() {}

    static String of(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }
}
