package io.raftkv.server.raft;

/** A node's role (§5.1), plus the pre-candidate of the pre-vote phase (thesis §9.6). */
public enum Role {
    FOLLOWER,
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER
}
