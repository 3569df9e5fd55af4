package io.raftkv.server.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Stored state is damaged where a crash cannot have damaged it (for example inside a sealed
 * segment), so recovering would silently lose acknowledged data. Carries the file and byte offset.
 */
public final class CorruptLogException extends IOException {

    private final Path file;
    private final long offset;

    public CorruptLogException(Path file, long offset, String reason) {
        super(file + " at offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
