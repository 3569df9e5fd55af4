package io.raftkv.server.raft;

/** Volatile, informational state: who leads, as this node believes. {@code leader} may be null. */
public record SoftState(Role role, long term, String leader) {}
