package io.raftkv.tester.generator;

import io.raftkv.tester.history.Op;
import java.util.concurrent.atomic.AtomicLong;

/** Live counters of a run, read by the progress line and the final summary. */
public final class RunProgress {
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong fail = new AtomicLong();
    private final AtomicLong info = new AtomicLong();
    private volatile String fault = "none";
    private volatile String phase = "starting";

    public void count(Op.Type type) {
        switch (type) {
            case OK -> ok.incrementAndGet();
            case FAIL -> fail.incrementAndGet();
            case INFO -> info.incrementAndGet();
            case INVOKE -> {}
        }
    }

    public long ok() {
        return ok.get();
    }

    public long fail() {
        return fail.get();
    }

    public long info() {
        return info.get();
    }

    public long ops() {
        return ok() + fail() + info();
    }

    public String fault() {
        return fault;
    }

    public void fault(String now) {
        fault = now;
    }

    public String phase() {
        return phase;
    }

    public void phase(String now) {
        phase = now;
    }

    /** One line: "  23.1 s  main  4120 ops (ok 3900 fail 180 info 40)  fault: kill [n2]". */
    public String line(double elapsedSeconds) {
        return String.format(
                "%6.1f s  %-8s %7d ops (ok %d fail %d info %d)  fault: %s",
                elapsedSeconds, phase, ops(), ok(), fail(), info(), fault);
    }
}
