package io.raftkv.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * Closes a connection that does not deliver a complete request head within a deadline: from the
 * moment it opens, and again whenever it has no request in progress. So a client that sends half
 * its headers, or keeps an idle connection open, does not hold a socket for ever. Used on the HTTP
 * server's context only.
 */
final class HeaderDeadline {
    /** One connection: its timer (0 when none is armed) and how many of its requests are in progress. */
    private static final class Watch {
        long timer;
        int inProgress;
    }

    private final Vertx vertx;
    private final long millis;
    private final Map<HttpConnection, Watch> watches = new HashMap<>();

    HeaderDeadline(Vertx vertx, long millis) {
        this.vertx = vertx;
        this.millis = millis;
    }

    /** A new connection: its first request head must arrive in time. */
    void opened(HttpConnection connection) {
        Watch watch = new Watch();
        watches.put(connection, watch);
        connection.closeHandler(v -> {
            Watch w = watches.remove(connection);
            if (w != null && w.timer != 0) {
                vertx.cancelTimer(w.timer);
            }
        });
        arm(connection, watch);
    }

    /** A request head arrived: no deadline until its answer is sent. */
    void started(HttpServerRequest request) {
        Watch watch = watches.get(request.connection());
        if (watch == null) {
            return;
        }
        watch.inProgress++;
        if (watch.timer != 0) {
            vertx.cancelTimer(watch.timer);
            watch.timer = 0;
        }
    }

    /** A request was answered: the next head must arrive in time. */
    void finished(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        Watch watch = watches.get(connection);
        if (watch != null && --watch.inProgress == 0) {
            arm(connection, watch);
        }
    }

    private void arm(HttpConnection connection, Watch watch) {
        watch.timer = vertx.setTimer(millis, id -> {
            if (watch.timer == id) {
                watch.timer = 0;
                connection.close();
            }
        });
    }
}
