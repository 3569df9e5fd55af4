/**
 * The bridge between the pure Raft core and the world: {@link io.raftkv.server.node.RaftNode} owns
 * the core, the state machine, the storage and the transport on one Vert.x context.
 *
 * <p>Outcomes of client requests follow Jepsen's vocabulary: a write either commits (it completes
 * with the state machine's answer), definitely did not happen ({@code NOT_LEADER}, {@code
 * UNAVAILABLE}), or may have happened ({@code INDETERMINATE}: leadership was lost or the wait ran
 * out after the entry was proposed). A proposal is matched to its outcome by (index, term): it took
 * effect iff the entry applied at its index has its term.
 */
package io.raftkv.server.node;
