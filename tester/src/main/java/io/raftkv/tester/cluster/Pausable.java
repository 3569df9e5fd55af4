package io.raftkv.tester.cluster;

/** A cluster whose nodes can be frozen (SIGSTOP, cgroup freezer) and thawed. */
public interface Pausable {

    void pause(String node);

    void resume(String node);
}
