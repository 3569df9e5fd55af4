package io.raftkv.server;

/** Starts one raftkv server node. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("raftkv server");
    }
}
