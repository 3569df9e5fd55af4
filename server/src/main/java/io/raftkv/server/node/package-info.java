/**
 * The bridge between the pure Raft core and the world: {@link io.raftkv.server.node.RaftNode} owns
 * the core, the state machine, the storage and the transport on one Vert.x context.
 *
 * <p>Outcomes of client requests follow Jepsen's vocabulary: a write either commits (it completes
 * with the state machine's answer), definitely did not happen ({@code NOT_LEADER}, {@code
 * UNAVAILABLE}), or may have happened ({@code INDETERMINATE}: leadership was lost or the wait ran
 * out after the entry was proposed). A proposal is matched to its outcome by (index, term): it took
 * effect iff the entry applied at its index has its term.
 *
 * <p>Snapshots (§7): every {@code snapshotThreshold} applied entries the node copies the state
 * machine's references on its context (no encoding there), encodes and writes the copy on a worker,
 * and once it is durable lets the core and the log storage drop what it covers. A snapshot from the
 * leader arrives in a Ready: it is stored durably and the log reset before the Ready's entries are
 * written and its acknowledgement sent, then the state machine is replaced. At start-up the latest
 * snapshot and the log after it are loaded ({@code SnapshotFiles}).
 */
package io.raftkv.server.node;
