package io.raftkv.server.storage;

/** A stored snapshot's last included index and term (§7) and the size of its data in bytes. */
public record SnapshotMeta(long index, long term, long size) {}
