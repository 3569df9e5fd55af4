package io.raftkv.tester.container;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;

/** Collects a container's log frames as text, waiting until the stream ends. */
final class LogCollector extends ResultCallback.Adapter<Frame> {
    private final StringBuilder text = new StringBuilder();

    @Override
    public void onNext(Frame frame) {
        synchronized (text) {
            text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        }
    }

    /** Everything received, once the log stream has ended (or after 10 s). */
    String text() {
        try {
            awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (text) {
            return text.toString();
        }
    }
}
