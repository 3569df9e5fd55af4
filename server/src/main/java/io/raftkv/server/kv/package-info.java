/**
 * The replicated state machine: a string map with put, delete, compare-and-set, append and
 * multi-key put, plus client sessions that make retried writes exactly-once. {@link
 * io.raftkv.server.kv.Codec} owns the binary form of commands stored in log entries.
 */
package io.raftkv.server.kv;
