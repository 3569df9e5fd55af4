package io.raftkv.server.http;

import io.raftkv.server.node.RaftNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a running cluster to add this node ({@code --join}): {@code POST /cluster/nodes} to the given
 * member (which forwards to the leader), again every {@link #RETRY_MILLIS} ms until this node is a
 * voter. Gives up only on a 4xx answer, which names a mistake a retry cannot fix (a taken id, a bad
 * address).
 */
public final class Joiner {
    private static final Logger log = LoggerFactory.getLogger(Joiner.class);
    static final long RETRY_MILLIS = 1000;

    private final Vertx vertx;
    private final RaftNode node;
    private final String target;
    private final JsonObject request;
    private final WebClient client;
    private final ApiToken token;
    private final String url;
    private boolean stopped;

    /**
     * @param target the HTTP host:port of any member
     * @param raft this node's raft address as the members reach it
     * @param http this node's HTTP address as the members reach it
     * @param options this node's HTTP options: the members' bearer token and TLS are its own, as
     *     every member has the same
     */
    public Joiner(Vertx vertx, RaftNode node, String target, String raft, String http, HttpOptions options) {
        this.vertx = vertx;
        this.node = node;
        this.target = target;
        this.request = new JsonObject().put("id", node.id()).put("raft", raft).put("http", http);
        this.client = WebClient.create(
                vertx, options.memberClient(new WebClientOptions()).setConnectTimeout(2000));
        this.token = options.apiToken();
        this.url = options.url(target) + "/cluster/nodes";
    }

    public void start() {
        attempt();
    }

    public void stop() {
        stopped = true;
        client.close();
    }

    private void attempt() {
        if (stopped) {
            return;
        }
        if (node.cluster().membership().isVoter(node.id())) {
            log.info("joined the cluster: {}", node.cluster().membership().voters());
            stop();
            return;
        }
        var post = client.postAbs(url);
        if (token != null) {
            post.putHeader("Authorization", token.header());
        }
        post.timeout(30_000).sendJsonObject(request).onComplete(ar -> {
            if (ar.failed()) {
                log.info("join via {}: {}; retrying", target, ar.cause().toString());
            } else if (ar.result().statusCode() / 100 == 4) {
                log.error(
                        "join via {} refused ({}): {}; not retrying",
                        target,
                        ar.result().statusCode(),
                        ar.result().bodyAsString());
                stop();
                return;
            } else if (ar.result().statusCode() != 200) {
                log.info(
                        "join via {}: {} {}",
                        target,
                        ar.result().statusCode(),
                        ar.result().bodyAsString());
            }
            vertx.setTimer(RETRY_MILLIS, t -> attempt());
        });
    }
}
