package io.raftkv.server.http;

import io.raftkv.server.node.NodeException;
import io.raftkv.server.node.RaftNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;

/**
 * Gets a request to the leader: runs it here when this node leads; otherwise forwards it to the
 * leader's HTTP address and relays the answer, or with {@code ?redirect=true} answers 307. A request
 * that was already forwarded once is never forwarded again (503 instead), so no request bounces
 * between nodes that disagree about the leader.
 */
final class LeaderRouting {
    static final String FORWARDED_BY = "X-Raftkv-Forwarded-By";
    /** On every answer: the node that executed the request (the leader, for a forwarded one). */
    static final String SERVED_BY = "X-Raftkv-Served-By";
    /** Request headers that carry meaning to the leader. */
    private static final List<String> REQUEST_HEADERS =
            List.of("Content-Type", "Authorization", Requests.CLIENT_ID, Requests.REQUEST_SEQ);
    /** Answer headers worth relaying. */
    private static final List<String> ANSWER_HEADERS = List.of("Content-Type", "Location", "X-Raftkv-Stale", SERVED_BY);

    private final RaftNode node;
    private final HttpOptions options;
    private final WebClient client;

    LeaderRouting(Vertx vertx, RaftNode node, HttpOptions options) {
        this.node = node;
        this.options = options;
        this.client = WebClient.create(
                vertx,
                options.memberClient(new WebClientOptions())
                        .setFollowRedirects(false)
                        .setKeepAlive(true)
                        // Drop an idle connection before the leader closes it (its header deadline),
                        // so a forwarded request is never sent on a connection being closed.
                        .setKeepAliveTimeout((int) Math.max(1, options.headerTimeoutMillis() / 2000))
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.leaderWaitMillis())),
                // Enough connections that many concurrent clients of a follower are not serialized.
                new PoolOptions().setHttp1MaxSize(64));
    }

    /**
     * Runs {@code local} if this node leads, else forwards or redirects. {@code write} says whether
     * the request may change state (for how a lost answer is reported).
     */
    void route(RoutingContext ctx, boolean write, Runnable local) {
        if (node.isLeader()) {
            local.run();
            return;
        }
        String forwardedBy = ctx.request().getHeader(FORWARDED_BY);
        if (forwardedBy != null) {
            Replies.failure(
                    ctx,
                    new NodeException(
                            NodeException.Kind.NOT_LEADER,
                            "not the leader (request forwarded by " + forwardedBy + ")",
                            node.leader()),
                    write);
            return;
        }
        String leader = node.leader();
        // Only an address the committed membership records: never one a peer merely claimed.
        String http = leader == null ? null : node.cluster().httpAddress(leader);
        if (http == null) {
            node.cluster().awaitReachableLeader(options.leaderWaitMillis()).onComplete(ar -> {
                if (ar.failed()) {
                    Replies.failure(ctx, ar.cause(), write);
                } else if (node.isLeader() || node.leader() != null) {
                    route(ctx, write, local);
                } else {
                    Replies.error(ctx, 503, "no leader");
                }
            });
            return;
        }
        if ("true".equals(ctx.queryParams().get("redirect"))) {
            ctx.response()
                    .setStatusCode(307)
                    .putHeader("Location", options.url(http) + originForm(ctx.request()))
                    .putHeader("Content-Type", Replies.JSON)
                    .end(new JsonObject()
                            .put("leader", leader)
                            .put("leaderHttp", http)
                            .encode());
            return;
        }
        forward(ctx, http, write);
    }

    /** The request's path and query, also when the client sent an absolute target ({@code http://host/path}). */
    private static String originForm(HttpServerRequest in) {
        return in.path() + (in.query() == null ? "" : "?" + in.query());
    }

    private void forward(RoutingContext ctx, String leaderHttp, boolean write) {
        HttpServerRequest in = ctx.request();
        HttpRequest<Buffer> out = client.requestAbs(in.method(), options.url(leaderHttp) + originForm(in))
                .timeout(options.forwardTimeoutMillis())
                .putHeader(FORWARDED_BY, node.id());
        for (String h : REQUEST_HEADERS) {
            String v = in.getHeader(h);
            if (v != null) {
                out.putHeader(h, v);
            }
        }
        out.sendBuffer(RawBody.of(ctx)).onComplete(ar -> {
            if (ar.failed()) {
                Replies.failure(ctx, ar.cause(), write);
                return;
            }
            HttpResponse<Buffer> answer = ar.result();
            HttpServerResponse response = ctx.response().setStatusCode(answer.statusCode());
            for (String h : ANSWER_HEADERS) {
                String v = answer.getHeader(h);
                if (v != null) {
                    response.putHeader(h, v);
                }
            }
            response.putHeader(FORWARDED_BY, node.id());
            Buffer relayed = answer.body();
            response.end(relayed == null ? Buffer.buffer() : relayed);
        });
    }

    void close() {
        client.close();
    }
}
