package io.raftkv.tester.generator;

import io.raftkv.tester.client.ClientHttp;
import io.raftkv.tester.client.KvStore;
import io.raftkv.tester.client.Leaders;
import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.history.Op;
import io.raftkv.tester.nemesis.FaultSchedule;
import io.raftkv.tester.nemesis.Nemesis;
import io.raftkv.tester.op.Completion;
import io.raftkv.tester.op.Invocation;
import io.raftkv.tester.op.OpGenerator;
import io.raftkv.tester.system.ClientSpec;
import io.raftkv.tester.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a test (Jepsen's generator interpreter): one thread per worker invoking its op stream, one
 * nemesis thread following the fault schedule, then the final phase: heal everything, a quiet
 * period, and a read of every key touched, on a healthy cluster. Every event goes to the {@link
 * Recorder}; whatever the heal could not repair is a {@code nemesis-error} op before the final
 * phase.
 *
 * <p>Processes follow Jepsen's rule: when an op ends in {@code info} its process may still be
 * acting, so the worker continues as a new process ({@code process + concurrency}) with a new
 * client id.
 */
public final class Interpreter {
    private final Cluster cluster;
    private final Workload workload;
    private final Nemesis nemesis;
    private final FaultSchedule schedule;
    private final RunOptions options;
    private final Recorder recorder;
    private final RunProgress progress;
    private final String runId;
    private final ClientHttp http;
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    public Interpreter(
            Cluster cluster,
            Workload workload,
            Nemesis nemesis,
            FaultSchedule schedule,
            RunOptions options,
            Recorder recorder,
            RunProgress progress,
            String runId) {
        this.cluster = cluster;
        this.workload = workload;
        this.nemesis = nemesis;
        this.schedule = schedule;
        this.options = options;
        this.recorder = recorder;
        this.progress = progress;
        this.runId = runId;
        this.http = new ClientHttp(Duration.ofSeconds(1));
    }

    /**
     * Runs all phases; returns when the final reads are done. Heals before returning, even on error.
     * Runs once: its clients' connections are closed at the end.
     */
    public void run() throws InterruptedException {
        try {
            runPhases();
        } finally {
            http.close();
        }
    }

    private void runPhases() throws InterruptedException {
        long start = System.nanoTime();
        long mainEnd = start + options.timeLimit().toNanos();
        progress.phase("main");
        var threads = new ArrayList<Thread>();
        for (int w = 0; w < options.concurrency(); w++) {
            int worker = w;
            threads.add(Thread.ofPlatform().name("worker-" + w).start(() -> work(worker, mainEnd)));
        }
        Thread nemesisThread = Thread.ofPlatform().name("nemesis").start(() -> runSchedule(start));
        try {
            for (var t : threads) {
                t.join();
            }
            nemesisThread.join();
        } finally {
            nemesisThread.interrupt();
            threads.forEach(Thread::interrupt);
            nemesis.healAll();
            for (String broken : nemesis.unhealed()) {
                recorder.record(Op.NEMESIS, Op.Type.INFO, "nemesis-error", null, "heal", broken);
            }
            progress.fault("none");
        }
        finalPhase();
    }

    private void work(int worker, long deadline) {
        OpGenerator gen = workload.generator(worker, options.seed());
        Pacer pacer =
                new Pacer(options.rate(), options.concurrency(), options.seed() ^ (0x9E3779B97F4A7C15L * (worker + 1)));
        long process = worker;
        KvStore client = client(process);
        try {
            while (System.nanoTime() < deadline) {
                pacer.await(deadline);
                if (System.nanoTime() >= deadline) {
                    break;
                }
                Invocation op = gen.next();
                Completion done = invoke(process, client, op);
                gen.observe(op, done);
                if (done.type() == Op.Type.INFO) {
                    process += options.concurrency();
                    client = client(process);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Completion invoke(long process, KvStore client, Invocation op) {
        if (op.key() != null) {
            keys.add(op.key());
        }
        recorder.record(process, Op.Type.INVOKE, op.f(), op.key(), op.value(), null);
        Completion done;
        try {
            done = workload.apply(client, op);
        } catch (RuntimeException e) {
            done = Completion.info(op.value(), "client crashed: " + e);
        }
        recorder.record(process, done.type(), op.f(), op.key(), done.value(), done.error(), client.servedBy());
        progress.count(done.type());
        return done;
    }

    private KvStore client(long process) {
        int home = (int) (process % cluster.nodes().size());
        return cluster.system()
                .client(new ClientSpec(
                        http,
                        cluster::httpAll,
                        home,
                        runId + "-p" + process,
                        options.requestTimeout(),
                        options.writeAttempts()));
    }

    /**
     * Runs the fault windows in order. A fault that cannot be injected (or healed) is recorded as a
     * {@code nemesis-error} info op, everything is healed, and the schedule goes on with the next
     * window: one failed {@code docker pause} must not silently leave the rest of the run fault-free.
     */
    private void runSchedule(long start) {
        try {
            for (var window : schedule.windows()) {
                sleepUntil(start + window.start());
                String kind = window.fault().kind();
                try {
                    Object targets = nemesis.start(window.fault());
                    recorder.record(Op.NEMESIS, Op.Type.INFO, "start-" + kind, null, targets, null);
                    progress.fault(kind + " " + targets);
                    sleepUntil(start + window.end());
                    Object healed = nemesis.stop(window.fault());
                    recorder.record(Op.NEMESIS, Op.Type.INFO, "stop-" + kind, null, healed, null);
                } catch (RuntimeException e) {
                    recorder.record(Op.NEMESIS, Op.Type.INFO, "nemesis-error", null, kind, e.toString());
                    nemesis.healAll();
                }
                progress.fault("none");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void finalPhase() throws InterruptedException {
        progress.phase("quiet");
        Thread.sleep(options.quiet().toMillis());
        awaitLeader(Duration.ofSeconds(30));
        progress.phase("final");
        // One fresh process per key, each trying a few times: a read that fails is harmless.
        long process = 1_000_000L;
        for (Invocation read : workload.finalReads(List.copyOf(keys))) {
            for (int attempt = 0; attempt < 5; attempt++) {
                KvStore client = client(process++);
                if (invoke(process - 1, client, read).type() == Op.Type.OK) {
                    break;
                }
            }
        }
        progress.phase("done");
    }

    private void awaitLeader(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (cluster.system()
                    .agreedLeader(Leaders.byId(cluster.nodes(), cluster.httpAll()))
                    .isPresent()) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** Keys the run touched. */
    public Set<String> keys() {
        return Set.copyOf(keys);
    }
}
