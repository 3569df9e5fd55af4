package io.raftkv.tester.cluster.ssh;

/** Stands in for the server in script tests: says it is up, then waits to be signalled. */
public final class Sleeper {
    private Sleeper() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("sleeper up: " + String.join(" ", args));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
