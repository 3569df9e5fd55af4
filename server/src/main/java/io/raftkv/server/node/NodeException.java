package io.raftkv.server.node;

/**
 * Why the node could not answer a request. {@link Kind#INDETERMINATE} is the only kind whose request
 * may have taken effect.
 */
public final class NodeException extends RuntimeException {

    public enum Kind {
        /** This node does not lead; nothing happened. {@link #leader()} names the leader if known. */
        NOT_LEADER,
        /** The request had no effect (no leader in time, read not confirmed, entry overwritten). */
        UNAVAILABLE,
        /** A write was proposed but its outcome is unknown: it may or may not have happened. */
        INDETERMINATE,
        /** Accepted and under way, not finished yet (a learner still catching up before promotion). */
        IN_PROGRESS
    }

    private final Kind kind;
    private final String leader;

    public NodeException(Kind kind, String message, String leader) {
        super(message, null, false, false);
        this.kind = kind;
        this.leader = leader;
    }

    public static NodeException notLeader(String leader) {
        return new NodeException(Kind.NOT_LEADER, "not the leader", leader);
    }

    public static NodeException unavailable(String message) {
        return new NodeException(Kind.UNAVAILABLE, message, null);
    }

    public static NodeException indeterminate(String message) {
        return new NodeException(Kind.INDETERMINATE, message, null);
    }

    public static NodeException inProgress(String message) {
        return new NodeException(Kind.IN_PROGRESS, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The leader's id when known, else null. */
    public String leader() {
        return leader;
    }
}
