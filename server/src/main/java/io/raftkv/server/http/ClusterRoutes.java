package io.raftkv.server.http;

import io.raftkv.server.node.NodeException;
import io.raftkv.server.node.RaftNode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Cluster administration under {@code /cluster} (see API.md). */
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
        router.post("/cluster/leader").handler(this::transferLeadership);
    }

    /**
     * {@code POST /cluster/leader {"id": ..}}: the leader hands over to that node (thesis §3.10), for
     * rolling restarts. Answered once the target leads, or 504 when it did not within the wait.
     */
    private void transferLeadership(RoutingContext ctx) {
        String target = Requests.stringField(requests.jsonBody(ctx), "id", false);
        if (!node.isMember(target)) {
            throw HttpError.badRequest("unknown node id '" + target + "'");
        }
        routing.route(ctx, false, () -> {
            String previous = node.id();
            node.transferLeadership(target, transferWaitMillis).onComplete(ar -> {
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
