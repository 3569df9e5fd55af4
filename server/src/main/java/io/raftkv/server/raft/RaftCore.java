package io.raftkv.server.raft;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The pure Raft state machine: no threads, clock or I/O. Inputs are {@link #tick()}, {@link
 * #step(Message)}, {@link #propose(byte[])} and {@link #readIndex(long)}; outputs are collected in a
 * {@link Ready} that the caller drains with {@link #ready()} and acknowledges with {@link
 * #advance(Ready)}. Deterministic given the random generator. Not thread-safe: one owner.
 */
public final class RaftCore {

    /** Where a proposal landed; it is committed iff the entry at {@code index} has {@code term}. */
    public record Proposal(long index, long term) {}

    /**
     * Restores a core from durable state.
     *
     * @param log the stored entries, contiguous from index 1
     */
    public RaftCore(RaftConfig config, HardState hardState, List<Entry> log, RandomGenerator random) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Advances logical time by one tick. */
    public void tick() {
        throw new UnsupportedOperationException();
    }

    /** Handles a message from a peer; messages not addressed to this node are ignored. */
    public void step(Message message) {
        throw new UnsupportedOperationException();
    }

    /** Appends a command if this node leads; returns null otherwise. */
    public Proposal propose(byte[] command) {
        throw new UnsupportedOperationException();
    }

    /**
     * Registers a linearizable read. Its {@link ReadState} appears in a later {@link Ready}: ok with
     * the read index once a quorum confirmed leadership, or not ok if this node is not (or stops
     * being) a leader with a committed entry of its term.
     */
    public void readIndex(long requestId) {
        throw new UnsupportedOperationException();
    }

    public boolean hasReady() {
        throw new UnsupportedOperationException();
    }

    /** What to persist, send and apply since the last {@link #advance(Ready)}. */
    public Ready ready() {
        throw new UnsupportedOperationException();
    }

    /** Acknowledges that everything in {@code ready} was done. */
    public void advance(Ready ready) {
        throw new UnsupportedOperationException();
    }

    public String id() {
        throw new UnsupportedOperationException();
    }

    public Role role() {
        throw new UnsupportedOperationException();
    }

    public long term() {
        throw new UnsupportedOperationException();
    }

    /** The leader this node knows of in its current term, or null. */
    public String leader() {
        throw new UnsupportedOperationException();
    }

    public long commitIndex() {
        throw new UnsupportedOperationException();
    }

    public long lastIndex() {
        throw new UnsupportedOperationException();
    }

    /** On a leader: each peer's match index (itself included); empty otherwise. */
    public Map<String, Long> matchIndexes() {
        throw new UnsupportedOperationException();
    }
}
