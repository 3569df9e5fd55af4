package io.raftkv.tester.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C or SIGTERM during a run: the thread running the test is interrupted and tears down,
 * checks and saves what was recorded. Only that thread ever tears down, so nothing races to heal
 * or collect logs.
 *
 * <p>SIGINT and SIGTERM are caught as signals rather than through a JVM shutdown hook: once the
 * JVM shuts down, every library's own hook runs at the same time as ours (Testcontainers removes
 * its containers from one), and the logs are gone before they can be collected. A second signal
 * exits at once; what it leaves behind, the next run removes. A shutdown hook remains for any other
 * way the JVM is asked to exit, and holds it open until the run is saved (at most a grace period).
 */
final class StopSignal implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final PrintStream out;
    private final Thread runner;
    private final Thread hook;
    private final Map<String, SignalHandler> previous = new HashMap<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopped;

    StopSignal(PrintStream out, Duration grace) {
        this.out = out;
        this.runner = Thread.currentThread();
        for (String name : SIGNALS) {
            try {
                previous.put(name, Signal.handle(new Signal(name), this::onSignal));
            } catch (IllegalArgumentException e) {
                // this platform does not have the signal, or the JVM keeps it: the hook covers it
            }
        }
        hook = new Thread(
                () -> {
                    stop();
                    try {
                        finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "rig-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onSignal(Signal signal) {
        if (stopped) {
            out.println("\nrig: SIG" + signal.getName() + " again: exiting now; ./rig clean removes what is left");
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        stop();
    }

    private void stop() {
        if (!stopped) {
            stopped = true;
            out.println("\nrig: interrupted; healing, collecting logs and checking what was recorded");
            runner.interrupt();
        }
    }

    /** The run was asked to stop. */
    boolean stopped() {
        return stopped;
    }

    /** The run is saved: restores the signals' handlers and lets an exiting JVM go. */
    @Override
    public void close() {
        finished.countDown();
        previous.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook is running and now returns
        }
    }
}
