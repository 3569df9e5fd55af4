/**
 * The pure Raft core: no threads, clock, I/O or Vert.x; deterministic given its random generator.
 *
 * <p>{@link io.raftkv.server.raft.RaftCore} takes four kinds of input — {@code tick()} at a fixed
 * interval, {@code step(message)} for each peer message, {@code propose(command)} and {@code
 * readIndex(id)} — and answers with {@link io.raftkv.server.raft.Ready} values. The owner loops:
 *
 * <pre>{@code
 * if (core.hasReady()) {
 *     Ready r = core.ready();
 *     storage.persist(r.hardState(), r.snapshot(), r.entries());   // fsync, in Ready order
 *     r.messages().forEach(transport::send);                       // only after persisting
 *     stateMachine.install(r.snapshot()); stateMachine.apply(r.committed()); answer(r.readStates());
 *     core.advance(r);
 * }
 * }</pre>
 *
 * Inputs may keep arriving while a Ready is being persisted; {@code hasReady()} stays false until
 * that Ready is advanced, so Readies are handled one at a time and in order.
 *
 * <p>What the core implements: elections with randomized timeouts, pre-vote and leader stickiness
 * (thesis §9.6, §4.2.3); check-quorum (a leader that hears from no majority within an election
 * timeout steps down); replication with batching, an in-flight window per follower and fast
 * conflict backoff; a no-op entry per new term and commitment of current-term entries only
 * (§5.4.2); ReadIndex reads confirmed by heartbeat rounds (thesis §6.4); leadership transfer by
 * TimeoutNow (thesis §3.10); log compaction and InstallSnapshot (§7); membership changes one server
 * at a time (thesis §4.1), with learners that the leader promotes once they caught up, a
 * membership that takes effect as soon as it is in the log, and snapshots that carry the membership
 * at their index (see {@link io.raftkv.server.raft.Membership}).
 *
 * <p>Reads: a ReadState with {@code ok} may be answered once the state machine applied its index;
 * one without is a refusal (not leader, or leadership lost) with no effect. Writes: a {@code
 * Proposal} is committed iff a committed entry at its index has its term; if another entry is
 * committed there, the proposal was lost.
 */
package io.raftkv.server.raft;
