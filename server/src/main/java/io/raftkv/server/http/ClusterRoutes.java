package io.raftkv.server.http;

import io.raftkv.server.node.NodeException;
import io.raftkv.server.node.NodeOptions;
import io.raftkv.server.node.RaftNode;
import io.raftkv.server.raft.Membership;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Cluster administration (see API.md): the membership under {@code /cluster} and hraftd's
 * {@code POST /join}, leadership transfer. Changes go to the leader like writes; repeating one is
 * harmless.
 */
final class ClusterRoutes {
    private final RaftNode node;
    private final LeaderRouting routing;
    private final Requests requests;
    private final long transferWaitMillis;

    ClusterRoutes(RaftNode node, LeaderRouting routing, Requests requests, long transferWaitMillis) {
        this.node = node;
        this.routing = routing;
        this.requests = requests;
        this.transferWaitMillis = transferWaitMillis;
    }

    void mount(Router router) {
        router.get("/cluster").handler(this::cluster);
        router.post("/cluster/nodes").handler(this::addNode);
        router.delete("/cluster/nodes/:id").handler(this::removeNode);
        router.post("/join").handler(this::join);
        router.post("/cluster/leader").handler(this::transferLeadership);
    }

    /** {@code GET /cluster}: the membership this node knows (the latest in its log) and the leader. */
    private void cluster(RoutingContext ctx) {
        Replies.json(
                ctx, describe(node.cluster().membership()).put("id", node.id()).put("leader", node.leader()));
    }

    static JsonObject describe(Membership m) {
        JsonArray members = new JsonArray();
        for (Membership.Member member : m.members().values()) {
            members.add(new JsonObject()
                    .put("id", member.id())
                    .put("raft", member.raft())
                    .put("http", member.http())
                    .put("voter", member.voter()));
        }
        return new JsonObject()
                .put("voters", new JsonArray(java.util.List.copyOf(m.voters())))
                .put("learners", new JsonArray(java.util.List.copyOf(m.learners())))
                .put("members", members);
    }

    /**
     * {@code POST /cluster/nodes {"id": .., "raft": "host:port", "http": "host:port"}} ({@code http}
     * optional): adds the node as a learner and answers 200 once the leader promoted it to voter, or
     * 202 if it is still catching up when the wait ends (ask again to wait more).
     */
    private void addNode(RoutingContext ctx) {
        JsonObject body = requests.jsonBody(ctx);
        String id = nodeId(Requests.stringField(body, "id", false));
        String raft = address(Requests.stringField(body, "raft", false), "raft");
        String http = body.getValue("http") == null ? null : address(Requests.stringField(body, "http", true), "http");
        routing.route(ctx, true, () -> answer(ctx, node.cluster().addMember(id, raft, http, transferWaitMillis)));
    }

    /** hraftd's {@code POST /join {"id": .., "addr": "host:port"}}: addr is the raft address. */
    private void join(RoutingContext ctx) {
        JsonObject body = requests.jsonBody(ctx);
        String id = nodeId(Requests.stringField(body, "id", false));
        String raft = address(Requests.stringField(body, "addr", false), "addr");
        routing.route(ctx, true, () -> answer(ctx, node.cluster().addMember(id, raft, null, transferWaitMillis)));
    }

    /** {@code DELETE /cluster/nodes/{id}}: answers once the removal is committed (200 if not a member). */
    private void removeNode(RoutingContext ctx) {
        String id = nodeId(ctx.pathParam("id"));
        routing.route(ctx, true, () -> answer(ctx, node.cluster().removeMember(id, transferWaitMillis)));
    }

    private void answer(RoutingContext ctx, Future<Membership> change) {
        change.onComplete(ar -> {
            if (ar.succeeded()) {
                Replies.json(ctx, describe(ar.result()).put("leader", node.leader()));
            } else if (ar.cause() instanceof IllegalArgumentException e) {
                Replies.error(ctx, 409, e.getMessage());
            } else {
                Replies.failure(ctx, ar.cause(), true);
            }
        });
    }

    private static String nodeId(String id) {
        if (!NodeOptions.NODE_ID.matcher(id).matches()) {
            throw HttpError.badRequest("node id must be 1-64 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit; got '" + id + "'");
        }
        return id;
    }

    private static String address(String value, String field) {
        int colon = value.lastIndexOf(':');
        boolean ok = colon > 0;
        if (ok) {
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                ok = port > 0 && port <= 65535;
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw HttpError.badRequest("field '" + field + "' must be host:port, got '" + value + "'");
        }
        return value;
    }

    /**
     * {@code POST /cluster/leader {"id": ..}}: the leader hands over to that node (thesis §3.10), for
     * rolling restarts. Answered once the target leads, or 504 when it did not within the wait.
     */
    private void transferLeadership(RoutingContext ctx) {
        String target = Requests.stringField(requests.jsonBody(ctx), "id", false);
        if (!node.cluster().membership().isVoter(target)) {
            throw HttpError.badRequest("'" + target + "' is not a voting member");
        }
        routing.route(ctx, false, () -> {
            String previous = node.id();
            node.cluster().transferLeadership(target, transferWaitMillis).onComplete(ar -> {
                if (ar.succeeded()) {
                    Replies.json(
                            ctx, new JsonObject().put("leader", ar.result()).put("previous", previous));
                } else if (ar.cause() instanceof NodeException e && e.kind() == NodeException.Kind.UNAVAILABLE) {
                    JsonObject body =
                            new JsonObject().put("error", e.getMessage()).put("target", target);
                    if (node.leader() != null) {
                        body.put("leader", node.leader());
                    }
                    Replies.json(ctx, 504, body);
                } else {
                    Replies.failure(ctx, ar.cause(), false);
                }
            });
        });
    }
}
