package io.raftkv.tester.net;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Partitions on hosts the rig does not own: iptables rules in a chain of the rig's own, {@value
 * #CHAIN}, jumped to from the top of INPUT, so the host's own rules are never flushed or reordered.
 * Each DROP rule carries a comment naming the run that added it. The chain exists only while a run
 * holds the host: {@link #remove()} deletes the jump and the chain, so a chain found before a run
 * starts is a leftover of an earlier run that did not finish. Every iptables command of the SSH
 * backend is built here, as a shell script for one host; this class runs nothing.
 */
public final class IptablesChain {
    public static final String CHAIN = "RAFTKV";

    private final String runId;

    /** @param runId names the run in the comment of every rule it adds (letters, digits, . _ - only) */
    public IptablesChain(String runId) {
        if (!runId.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("run id '" + runId + "' must be letters, digits, '.', '_' or '-'");
        }
        this.runId = runId;
    }

    /** The comment on every rule this run adds. */
    public String comment() {
        return "raftkv-rig run " + runId;
    }

    /** Prints the chain's rules and exits 0 when the chain exists (a leftover); exits non-zero when it does not. */
    public static String leftovers() {
        return "iptables -w -S " + CHAIN + " 2>/dev/null";
    }

    /** Creates the empty chain and jumps to it first thing in INPUT. */
    public String install() {
        return "iptables -w -N " + CHAIN + " && iptables -w -I INPUT 1 -j " + CHAIN;
    }

    /** Replaces the chain's rules with DROPs of traffic from each of {@code dropFrom}. */
    public String apply(Collection<String> dropFrom) {
        var commands = new ArrayList<String>();
        commands.add(String.join(" ", flush()));
        for (var source : new TreeSet<>(dropFrom)) {
            commands.add(String.join(" ", drop(source)));
        }
        return String.join(" && ", commands);
    }

    /** Empties the chain: this host drops nothing. */
    public String heal() {
        return String.join(" ", flush());
    }

    /**
     * Deletes every jump to the chain and the chain itself, whichever run made them; succeeds when
     * there is nothing to remove.
     */
    public static String remove() {
        return "while iptables -w -D INPUT -j " + CHAIN + " 2>/dev/null; do :; done; "
                + "if iptables -w -S " + CHAIN + " >/dev/null 2>&1; then iptables -w -F " + CHAIN
                + " && iptables -w -X " + CHAIN + "; fi";
    }

    List<String> flush() {
        return List.of("iptables", "-w", "-F", CHAIN);
    }

    /** One DROP rule; the comment is quoted for the shell. */
    List<String> drop(String source) {
        if (!source.matches("[A-Za-z0-9.:\\-_]+")) {
            throw new IllegalArgumentException("'" + source + "' is not a host name or address");
        }
        return List.of(
                "iptables",
                "-w",
                "-A",
                CHAIN,
                "-s",
                source,
                "-m",
                "comment",
                "--comment",
                "'" + comment() + "'",
                "-j",
                "DROP");
    }
}
