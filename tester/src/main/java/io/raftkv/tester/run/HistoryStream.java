package io.raftkv.tester.run;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.raftkv.tester.history.JsonlHistory;
import io.raftkv.tester.history.Op;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes a history to {@code history.jsonl} as it is recorded, one op a line, and flushes at least
 * once a second: a run killed with SIGKILL keeps all but its last second. Thread-safe.
 */
final class HistoryStream implements Consumer<Op>, AutoCloseable {
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .build();
    private static final long FLUSH_MILLIS = 1000;

    private final OutputStream file;
    private final JsonGenerator json;
    private final Thread flusher;
    private boolean closed;
    private IOException failure;

    HistoryStream(Path path) {
        try {
            file = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
            json = JSON.createGenerator(file, JsonEncoding.UTF8);
            json.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        flusher = Thread.ofPlatform().daemon().name("history-flush").start(this::flushEverySecond);
    }

    @Override
    public synchronized void accept(Op op) {
        if (closed || failure != null) {
            return;
        }
        try {
            JsonlHistory.writeOp(op, json);
            json.flush(); // into the buffered stream; the file gets it at the next flush()
            file.write('\n');
        } catch (IOException e) {
            failure = e;
        }
    }

    private void flushEverySecond() {
        try {
            while (true) {
                Thread.sleep(FLUSH_MILLIS);
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    try {
                        file.flush();
                    } catch (IOException e) {
                        failure = e;
                    }
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** Flushes and closes the file. @throws UncheckedIOException if any write failed */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        flusher.interrupt();
        try {
            json.close();
            file.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new UncheckedIOException("the history could not be written", failure);
        }
    }
}
