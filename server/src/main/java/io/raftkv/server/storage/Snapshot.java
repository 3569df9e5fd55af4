package io.raftkv.server.storage;

/**
 * A stored snapshot: the state machine's encoded state after applying every entry up to and
 * including {@code index}, whose term was {@code term} (§7).
 */
public record Snapshot(SnapshotMeta meta, byte[] data) {
    public long index() {
        return meta.index();
    }

    public long term() {
        return meta.term();
    }
}
