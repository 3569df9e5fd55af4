package io.raftkv.server.transport;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.util.function.Consumer;

/**
 * Splits a byte stream into frames: reads the length prefix, checks it against the maximum before
 * buffering anything, then decodes the body. After the first error it reports it once and ignores
 * all further input: the connection is to be closed.
 */
final class FrameDecoder implements Handler<Buffer> {
    private final int maxFrameBytes;
    private final Consumer<Frame> frames;
    private final Consumer<FrameException> errors;
    private final RecordParser parser;
    private boolean readingLength = true;
    private boolean failed;

    FrameDecoder(int maxFrameBytes, Consumer<Frame> frames, Consumer<FrameException> errors) {
        this.maxFrameBytes = maxFrameBytes;
        this.frames = frames;
        this.errors = errors;
        this.parser = RecordParser.newFixed(MessageCodec.LENGTH_BYTES);
        parser.handler(this::record);
    }

    @Override
    public void handle(Buffer chunk) {
        if (!failed) {
            parser.handle(chunk);
        }
    }

    private void record(Buffer record) {
        if (failed) {
            return;
        }
        try {
            if (readingLength) {
                int length = record.getInt(0);
                if (length < 1) {
                    throw new FrameException("frame length " + length + " is below 1");
                }
                if (length > maxFrameBytes) {
                    throw new FrameException("frame length " + length + " exceeds the maximum " + maxFrameBytes);
                }
                readingLength = false;
                parser.fixedSizeMode(length);
            } else {
                readingLength = true;
                parser.fixedSizeMode(MessageCodec.LENGTH_BYTES);
                frames.accept(MessageCodec.decode(record));
            }
        } catch (FrameException e) {
            failed = true;
            errors.accept(e);
        }
    }
}
