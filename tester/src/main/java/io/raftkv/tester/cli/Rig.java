package io.raftkv.tester.cli;

/** The rig's command line. */
public final class Rig {
    private Rig() {}

    public static void main(String[] args) {
        System.out.println("rig");
    }
}
