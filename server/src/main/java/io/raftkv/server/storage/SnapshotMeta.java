package io.raftkv.server.storage;

/** What identifies a snapshot: the last included index and term (§7), and its size in bytes. */
public record SnapshotMeta(long index, long term, long size) {}
