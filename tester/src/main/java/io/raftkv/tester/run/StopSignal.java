package io.raftkv.tester.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C or SIGTERM during a run: a shutdown hook that interrupts the thread running the test and
 * holds the JVM open until that thread has torn down, checked and saved what was recorded (at most
 * a grace period). Only one thread ever tears down, so nothing races to heal or collect logs.
 */
final class StopSignal implements AutoCloseable {
    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopped;

    StopSignal(PrintStream out, Duration grace) {
        Thread runner = Thread.currentThread();
        hook = new Thread(
                () -> {
                    stopped = true;
                    out.println("\nrig: interrupted; healing, collecting logs and checking what was recorded");
                    runner.interrupt();
                    try {
                        finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "rig-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The run was asked to stop. */
    boolean stopped() {
        return stopped;
    }

    /** The run is saved: lets an exiting JVM go, or removes the hook when nobody asked to stop. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook is running and now returns
        }
    }
}
