package io.raftkv.server.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Timers that fire only when a test says so: timeouts without waiting. */
final class ManualTimers implements Timers {
    private final Map<Long, Runnable> pending = new LinkedHashMap<>();
    private long nextId = 1;

    @Override
    public long schedule(long delayMillis, Runnable action) {
        long id = nextId++;
        pending.put(id, action);
        return id;
    }

    @Override
    public void cancel(long id) {
        pending.remove(id);
    }

    /** How many timers are set and not yet fired or cancelled. */
    int pending() {
        return pending.size();
    }

    /** Fires every pending timer, in the order they were set. */
    void fireAll() {
        for (Long id : List.copyOf(pending.keySet())) {
            Runnable action = pending.remove(id);
            if (action != null) {
                action.run();
            }
        }
    }
}
