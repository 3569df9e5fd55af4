package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.History;

/**
 * Knossos' {@code mutex}: {@code acquire} is legal only when the lock is free, {@code release}
 * only when it is held. The state is whether it is held; it starts free.
 */
public final class MutexModel implements Model<Boolean, String> {

    @Override
    public String name() {
        return "mutex";
    }

    @Override
    public Boolean init() {
        return false;
    }

    @Override
    public String input(History.Operation op) {
        return Inputs.unlessFailed(op, inv -> switch (inv.f()) {
            case "acquire", "release" -> inv.f();
            default -> throw Inputs.unsupported(this, inv);
        });
    }

    @Override
    public Boolean step(Boolean held, String f) {
        return f.equals("acquire") ? (held ? null : true) : (held ? false : null);
    }

    @Override
    public String describeState(Boolean held) {
        return held ? "held" : "free";
    }

    @Override
    public String describeInput(String f) {
        return f;
    }
}
