package io.raftkv.server.node;

import io.raftkv.server.raft.Membership;
import io.raftkv.server.raft.Membership.Member;
import io.raftkv.server.raft.RaftCore;
import io.raftkv.server.raft.Role;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Membership requests on the leader, waiting for the core: each is proposed as soon as the core
 * takes a change (one at a time, thesis §4.1) and answered once its outcome is committed. Repeated
 * requests are idempotent: adding a member that is already a voter, or removing one that is gone,
 * succeeds at once. Runs on the node's context; {@link #progress} is called after every step.
 */
final class MembershipChanges {

    private enum Kind {
        ADD,
        REMOVE
    }

    private static final class Op {
        final Kind kind;
        final Member member; // the learner to add; for REMOVE only its id counts
        final Promise<Membership> promise = Promise.promise();
        final long deadlineNanos;
        boolean proposed;

        Op(Kind kind, Member member, long timeoutMillis) {
            this.kind = kind;
            this.member = member;
            this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000;
        }
    }

    private final List<Op> ops = new ArrayList<>();
    /** Fills in the addresses the core does not know (members configured by flags). */
    private final UnaryOperator<Membership> addressed;

    MembershipChanges(UnaryOperator<Membership> addressed) {
        this.addressed = addressed;
    }

    /**
     * Adds {@code m} as a learner; completes once it is a voter in a committed membership.
     *
     * @throws IllegalArgumentException if a member with that id has another raft address
     */
    Future<Membership> add(RaftCore core, Member m, long timeoutMillis) {
        Member existing = core.membership().get(m.id());
        if (existing != null && existing.raft() != null && !existing.raft().equals(m.raft())) {
            throw new IllegalArgumentException("node '" + m.id() + "' is already a member at " + existing.raft()
                    + "; remove it before adding it at " + m.raft());
        }
        return enqueue(core, new Op(Kind.ADD, new Member(m.id(), m.raft(), m.http(), false), timeoutMillis));
    }

    /**
     * Removes member {@code id}; completes once a committed membership lacks it.
     *
     * @throws IllegalArgumentException if it is the last voter
     */
    Future<Membership> remove(RaftCore core, String id, long timeoutMillis) {
        Membership m = core.membership();
        if (m.contains(id) && m.without(id).voters().isEmpty()) {
            throw new IllegalArgumentException("'" + id + "' is the last voter; a cluster needs one");
        }
        return enqueue(core, new Op(Kind.REMOVE, new Member(id, null, null, false), timeoutMillis));
    }

    private Future<Membership> enqueue(RaftCore core, Op op) {
        ops.add(op);
        progress(core);
        return op.promise.future();
    }

    /** Answers what is done, proposes what the core now takes, fails what timed out. */
    void progress(RaftCore core) {
        if (ops.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Op op : List.copyOf(ops)) {
            Membership m = core.membership();
            String id = op.member.id();
            boolean done = op.kind == Kind.ADD ? m.isVoter(id) : !m.contains(id);
            if (done && core.membershipCommitted()) {
                finish(op, null, m);
            } else if (now - op.deadlineNanos > 0) {
                finish(op, timedOut(op, m), null);
            } else if (core.role() != Role.LEADER) {
                finish(
                        op,
                        op.proposed
                                ? NodeException.indeterminate("leadership lost during the membership change")
                                : NodeException.notLeader(core.leader()),
                        null);
            } else if (!done && !op.proposed && core.canChangeMembership()) {
                if (op.kind == Kind.ADD && m.contains(id)) {
                    continue; // a learner already: the leader promotes it once it caught up
                }
                Membership next = op.kind == Kind.ADD ? m.with(op.member) : m.without(id);
                op.proposed = core.proposeMembership(addressed.apply(next)) != null;
            }
        }
    }

    private static NodeException timedOut(Op op, Membership m) {
        String id = op.member.id();
        if (op.kind == Kind.ADD && m.contains(id)) {
            return NodeException.inProgress("'" + id + "' is a learner, still catching up; it becomes a voter once it"
                    + " has the leader's log");
        }
        String what = op.kind == Kind.ADD ? "adding '" + id + "'" : "removing '" + id + "'";
        return op.proposed
                ? NodeException.indeterminate(what + " did not commit in time; it may still")
                : NodeException.unavailable(
                        what + " could not start in time: another membership change is" + " under way");
    }

    private void finish(Op op, NodeException failure, Membership result) {
        ops.remove(op);
        if (failure != null) {
            op.promise.tryFail(failure);
        } else {
            op.promise.tryComplete(addressed.apply(result));
        }
    }

    void failAll(NodeException reason) {
        List<Op> all = List.copyOf(ops);
        ops.clear();
        all.forEach(op -> op.promise.tryFail(reason));
    }
}
