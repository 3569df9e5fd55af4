package io.raftkv.server.transport;

/** A frame that cannot be decoded: the message says what was wrong (truncated, unknown type, size). */
public final class FrameException extends Exception {
    public FrameException(String message) {
        super(message);
    }
}
