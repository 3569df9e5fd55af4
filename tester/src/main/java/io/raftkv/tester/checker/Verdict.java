package io.raftkv.tester.checker;

/** A checker's answer. When results are merged, invalid wins over unknown, and unknown over valid. */
public enum Verdict {
    VALID,
    UNKNOWN,
    INVALID;

    public Verdict merge(Verdict other) {
        return this.ordinal() >= other.ordinal() ? this : other;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
