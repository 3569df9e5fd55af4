package io.raftkv.tester.run;

import io.raftkv.tester.generator.Recorder;
import io.raftkv.tester.generator.RunProgress;
import java.io.PrintStream;

/**
 * The live progress line: rewritten in place twice a second on a terminal, one line every five
 * seconds otherwise (logs, CI).
 */
final class ProgressLine {
    private final PrintStream out;
    private final RunProgress progress;
    private volatile Recorder recorder;
    private final boolean terminal = System.console() != null;
    private Thread thread;

    ProgressLine(PrintStream out, RunProgress progress, Recorder recorder) {
        this.out = out;
        this.progress = progress;
        this.recorder = recorder;
    }

    void recorder(Recorder now) {
        recorder = now;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("progress").start(() -> {
            long period = terminal ? 500 : 5_000;
            try {
                while (true) {
                    Thread.sleep(period);
                    print(false);
                }
            } catch (InterruptedException e) {
                // stopped
            }
        });
    }

    private void print(boolean last) {
        String text = progress.line(recorder.elapsedNanos() / 1e9);
        if (terminal) {
            out.print("\r" + text + "   " + (last ? "\n" : ""));
        } else {
            out.println(text);
        }
        out.flush();
    }

    void stop() {
        if (thread != null) {
            thread.interrupt();
        }
        print(true);
    }
}
