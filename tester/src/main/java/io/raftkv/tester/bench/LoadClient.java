package io.raftkv.tester.bench;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Load on one HTTP endpoint from Vert.x's non-blocking client: a few event loops and a pool of
 * keep-alive connections, no thread per client. Closed loop: {@code clients} clients, each sending
 * its next request when the last one is answered. Open loop: requests at a fixed rate whatever the
 * answers, queued for a free connection when all are busy, each latency measured from the request's
 * intended start ({@link OpenLoopSchedule}). Either way a run is bounded: requests start only
 * until the window ends, and {@link #run} returns at most {@code timeout} plus a few seconds later.
 */
public final class LoadClient implements AutoCloseable {
    /** One request: method, path and query, and body (null for none). */
    public record Request(HttpMethod method, String uri, String body) {}

    /**
     * How to load: {@code rate} 0 is a closed loop of {@code clients}; a positive rate an open loop
     * over {@code clients} connections. Requests that start during {@code warmup} are not counted.
     */
    public record Shape(int clients, double rate, Duration warmup, Duration duration) {
        public Shape {
            if (clients < 1 || rate < 0 || warmup.isNegative() || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("bad load shape: " + clients + " clients, rate " + rate
                        + ", warm-up " + warmup + ", duration " + duration);
            }
        }

        boolean open() {
            return rate > 0;
        }
    }

    private final Vertx vertx;
    private final List<Context> loops;
    /**
     * One client per event loop, used only from that loop: its connections then live on that loop.
     * With one client for all loops, a request took whichever connection was free, often one of
     * the other loop, and its write and its answer each crossed threads (a wake-up of the other
     * loop every time, 6.5% of the client's CPU samples).
     */
    private final List<HttpClientAgent> lanes;

    private final int eventLoops;
    private final long timeoutMillis;

    /**
     * @param target the endpoint's base URI (scheme http, host and port)
     * @param connections keep-alive connections at most, shared out over the event loops
     * @param eventLoops threads that send and receive
     * @param timeout per request, connecting and waiting for a free connection included
     */
    public LoadClient(URI target, int connections, int eventLoops, Duration timeout) {
        if (target.getHost() == null || target.getPort() < 0) {
            throw new IllegalArgumentException("target needs a host and a port: " + target);
        }
        this.eventLoops = eventLoops;
        this.timeoutMillis = timeout.toMillis();
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        this.loops = eventLoopContexts(vertx, eventLoops);
        var options = new HttpClientOptions()
                .setDefaultHost(target.getHost())
                .setDefaultPort(target.getPort())
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        var lanes = new java.util.ArrayList<HttpClientAgent>();
        for (int lane = 0; lane < eventLoops; lane++) {
            // Lane i gets its share of the connections: the first (connections % eventLoops) one more.
            int share = connections / eventLoops + (lane < connections % eventLoops ? 1 : 0);
            lanes.add(vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(Math.max(1, share))));
        }
        this.lanes = List.copyOf(lanes);
    }

    /**
     * Runs one phase and returns what it counted; blocks the calling thread (never call it on an
     * event loop). {@code atWindowStart} runs on the calling thread when the warm-up ends.
     *
     * @param requests the {@code i}-th request of the phase, for i = 0, 1, ...
     */
    public Tally run(LongFunction<Request> requests, Shape shape, Runnable atWindowStart) throws InterruptedException {
        var tally = new Tally();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long windowStart = start + shape.warmup().toNanos();
        long windowEnd = windowStart + shape.duration().toNanos();
        var phase = new Phase(requests, tally, windowStart, windowEnd);
        if (shape.open()) {
            double seconds = (windowEnd - start) / 1e9;
            for (int lane = 0; lane < eventLoops; lane++) {
                var schedule = OpenLoopSchedule.lane(start, shape.rate(), seconds, eventLoops, lane);
                phase.expect(schedule.count());
                int l = lane;
                loops.get(lane).runOnContext(v -> phase.openLane(schedule, l));
            }
        } else {
            phase.expect(shape.clients());
            for (int c = 0; c < shape.clients(); c++) {
                int client = c;
                loops.get(c % eventLoops).runOnContext(v -> phase.closedClient(client, client, shape.clients()));
            }
        }
        long untilWindow = windowStart - System.nanoTime();
        if (untilWindow > 0) {
            TimeUnit.NANOSECONDS.sleep(untilWindow);
        }
        atWindowStart.run();
        long bound = windowEnd - System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis + 5_000);
        try {
            phase.finished.get(Math.max(0, bound), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            tally.error("unanswered at the end");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return tally;
    }

    /** The state of one running phase, shared by its event loops. */
    private final class Phase {
        final LongFunction<Request> requests;
        final Tally tally;
        final long windowStart;
        final long windowEnd;
        final AtomicLong outstanding = new AtomicLong();
        final CompletableFuture<Void> finished = new CompletableFuture<>();

        Phase(LongFunction<Request> requests, Tally tally, long windowStart, long windowEnd) {
            this.requests = requests;
            this.tally = tally;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
        }

        void expect(long n) {
            outstanding.addAndGet(n);
        }

        void done() {
            if (outstanding.decrementAndGet() == 0) {
                finished.complete(null);
            }
        }

        /** Closed loop: request {@code i}, then {@code i + step} once it is answered, until the window ends. */
        void closedClient(int client, long i, int step) {
            long t0 = System.nanoTime();
            if (t0 >= windowEnd) {
                done();
                return;
            }
            Request r = requests.apply(i);
            send(client % eventLoops, r).onComplete(ar -> {
                long t1 = System.nanoTime();
                if (t0 >= windowStart) {
                    record(r, ar, t1 - t0);
                }
                if (ar.succeeded()) {
                    closedClient(client, i + step, step);
                } else {
                    // Never loop on a failure synchronously, and do not spin on a node that refuses.
                    vertx.setTimer(1, id -> closedClient(client, i + step, step));
                }
            });
        }

        /** Open loop: every millisecond, sends what the schedule says is due. */
        void openLane(OpenLoopSchedule schedule, int lane) {
            long[] next = {0};
            if (schedule.count() == 0) {
                return;
            }
            vertx.setPeriodic(1, timer -> {
                long due = schedule.dueBy(System.nanoTime());
                for (; next[0] < due; next[0]++) {
                    long k = next[0];
                    long intended = schedule.intendedStart(k);
                    Request r = requests.apply(k * eventLoops + lane);
                    send(lane, r).onComplete(ar -> {
                        if (intended >= windowStart && intended < windowEnd) {
                            record(r, ar, System.nanoTime() - intended);
                        }
                        done();
                    });
                }
                if (next[0] >= schedule.count()) {
                    vertx.cancelTimer(timer);
                }
            });
        }

        private void record(Request r, AsyncResult<Integer> ar, long nanos) {
            if (ar.failed()) {
                tally.error(reason(ar.cause()));
            } else if (isOk(r.method(), ar.result())) {
                tally.ok(nanos);
            } else {
                tally.error("HTTP " + ar.result());
            }
        }
    }

    /**
     * One context on each event loop. Contexts made from a thread outside Vert.x all run on its first
     * event loop; the instances of one deployment are spread over all of them.
     */
    private static List<Context> eventLoopContexts(Vertx vertx, int n) {
        var contexts = new CopyOnWriteArrayList<Context>();
        try {
            vertx.deployVerticle(
                            () -> new VerticleBase() {
                                @Override
                                public Future<?> start() {
                                    contexts.add(context);
                                    return Future.succeededFuture();
                                }
                            },
                            new DeploymentOptions().setInstances(n))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("cannot start the load client's event loops", e);
        }
        return List.copyOf(contexts);
    }

    /** Sends on lane {@code lane}'s client; call it on that lane's event loop. */
    private Future<Integer> send(int lane, Request r) {
        var options = new RequestOptions()
                .setMethod(r.method())
                .setURI(r.uri())
                .setTimeout(timeoutMillis)
                .setConnectTimeout(timeoutMillis);
        return lanes.get(lane)
                .request(options)
                .compose(req -> r.body() == null ? req.send() : req.send(r.body()))
                .compose(resp -> resp.body().map(b -> resp.statusCode()));
    }

    /** A success: any 2xx, and a read's 404 (the key is absent: an answer, not a failure). */
    static boolean isOk(HttpMethod method, int status) {
        return (status >= 200 && status < 300) || (status == 404 && method == HttpMethod.GET);
    }

    /** A short name for why a request got no answer. */
    static String reason(Throwable e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (e instanceof TimeoutException || message.contains("timeout") || message.contains("timed out")) {
            return "timeout";
        }
        if (e instanceof ConnectException || message.contains("connection refused")) {
            return "connection refused";
        }
        if (message.contains("closed")) {
            return "connection closed";
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public void close() throws Exception {
        for (var client : lanes) {
            client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
