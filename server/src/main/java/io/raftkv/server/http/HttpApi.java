package io.raftkv.server.http;

import io.raftkv.server.node.RaftNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of one node (see API.md). Create it on the node's context: route handlers then run
 * on the same event loop as the node and may read its state directly.
 */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    /** The content type of the Prometheus text exposition format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final RaftNode node;
    private final HttpOptions options;
    private final LeaderRouting routing;
    private final Supplier<String> metrics;
    private final HeaderDeadline headerDeadline;
    private final Router router;
    private HttpServer server;

    /**
     * @param metrics renders this node's meters in the Prometheus text format, for {@code GET
     *     /metrics}; called on the node's context
     */
    public HttpApi(Vertx vertx, RaftNode node, HttpOptions options, Supplier<String> metrics) {
        this.vertx = vertx;
        this.node = node;
        this.options = options;
        this.metrics = metrics;
        this.routing = new LeaderRouting(vertx, node, options);
        this.headerDeadline = new HeaderDeadline(vertx, options.headerTimeoutMillis());
        this.router = buildRouter();
    }

    /** The largest request body accepted: room for a CAS body with two maximal values. */
    long bodyLimit() {
        return 2L * options.maxValueBytes() + 64 * 1024;
    }

    private Router buildRouter() {
        Router r = Router.router(vertx);
        r.route().handler(ctx -> {
            headerDeadline.started(ctx.request());
            ctx.addEndHandler(v -> headerDeadline.finished(ctx.request()));
            // A forwarded request's relayed answer replaces this with the leader's id.
            ctx.response().putHeader(LeaderRouting.SERVED_BY, node.id());
            ctx.next();
        });
        if (options.apiToken() != null) {
            r.route().handler(options.apiToken()::check);
        }
        r.route().handler(new RequestTarget());
        r.route().handler(new RawBody(bodyLimit()));
        Dispatch dispatch = new Dispatch(node, routing, new Requests(options));
        new NativeRoutes(dispatch).mount(r);
        new CompatRoutes(dispatch).mount(r);
        // Within the forwarding timeout, so a forwarded transfer's answer is relayed, not lost.
        long transferWait = Math.max(1, options.forwardTimeoutMillis() - 1000);
        new ClusterRoutes(node, routing, dispatch.requests(), transferWait).mount(r);
        r.get("/status").handler(this::status);
        r.get("/health").handler(this::health);
        r.get("/metrics").handler(this::metrics);
        r.route().failureHandler(this::failure);
        r.errorHandler(
                404, ctx -> Replies.error(ctx, 404, "no route " + ctx.request().path()));
        r.errorHandler(
                405,
                ctx -> Replies.error(
                        ctx,
                        405,
                        "method " + ctx.request().method() + " not allowed on "
                                + ctx.request().path()));
        r.errorHandler(400, ctx -> Replies.error(ctx, 400, "malformed request"));
        return r;
    }

    public Future<HttpServer> listen() {
        // Load the JSON mapper now: loading it on the first request can stall the event loop, which
        // the node shares, for long enough to cost an election.
        JsonObject.mapFrom(new HttpError(400, "warm-up").body().getMap());
        var serverOptions = new HttpServerOptions();
        if (options.tls() != null) {
            options.tls().server(serverOptions);
        }
        return vertx.createHttpServer(serverOptions
                        .setHost(options.host())
                        .setPort(options.port())
                        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, options.idleTimeoutMillis()))
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                        // Without h2c sniffing, a connection is handed over as soon as it opens, so
                        // the header deadline starts then (not when a first request completes).
                        .setHttp2ClearTextEnabled(false))
                .connectionHandler(headerDeadline::opened)
                .invalidRequestHandler(InvalidRequests::answer)
                .requestHandler(router)
                .listen()
                .onSuccess(s -> server = s);
    }

    public Future<Void> close() {
        routing.close();
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void status(RoutingContext ctx) {
        Replies.json(ctx, JsonObject.mapFrom(node.status(options.address())));
    }

    private void health(RoutingContext ctx) {
        var s = node.status(options.address());
        Replies.json(
                ctx, new JsonObject().put("status", "ok").put("role", s.role()).put("leader", s.leader()));
    }

    private void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(metrics.get());
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        Throwable failure = ctx.failure();
        if (failure instanceof HttpError e) {
            Replies.json(ctx, e.status(), e.body());
        } else if (failure != null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            // The router refused the request itself (an HTTP/1.1 request without a usable Host, say).
            Replies.error(ctx, ctx.statusCode(), failure.getMessage());
        } else if (failure != null) {
            log.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
            Replies.error(ctx, 500, "internal error: " + failure);
        } else if (ctx.statusCode() == 413) {
            Replies.error(ctx, 413, "request body too large; the limit is " + bodyLimit() + " bytes");
        } else {
            Replies.error(ctx, ctx.statusCode(), "request failed with status " + ctx.statusCode());
        }
    }
}
