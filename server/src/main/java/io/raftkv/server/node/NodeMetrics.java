package io.raftkv.server.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.raftkv.server.raft.Message;
import io.raftkv.server.storage.RaftStorage;
import io.raftkv.server.transport.Transport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The node's meters, all named {@code raftkv_*} in Prometheus form (see API.md, {@code GET /metrics}):
 * its Raft state as gauges, how long each persist (write and fsync) takes and how many entries it
 * carries, and the messages it sends and receives by type.
 *
 * <p>The gauges read the status last handed to {@link #observe}, which the scrape handler calls on
 * the node's context just before it renders the registry, so reading them never touches the node
 * from another thread.
 */
public final class NodeMetrics {
    /** Every value of {@link NodeStatus#role()}; the role gauge is 1 for the current one, 0 for the rest. */
    static final List<String> ROLES =
            List.of("leader", "candidate", "pre_candidate", "follower", "learner", "joining", "removed");

    private final Timer persist;
    private final Timer commit;
    private final DistributionSummary batch;
    private final Map<Class<?>, Counter> sent = new HashMap<>();
    private final Map<Class<?>, Counter> received = new HashMap<>();
    private volatile NodeStatus status;

    /** Registers the node's meters in {@code registry}. */
    public NodeMetrics(MeterRegistry registry) {
        persist = Timer.builder("raftkv.fsync")
                .description("time to write and fsync one batch of log entries and hard state")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        commit = Timer.builder("raftkv.commit")
                .description("time from a write's proposal to its apply, at the leader that answers it")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        batch = DistributionSummary.builder("raftkv.fsync.batch")
                .description("log entries written by one fsync (group commit)")
                .baseUnit("entries")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(100_000.0)
                .register(registry);
        for (Class<?> type : Message.class.getPermittedSubclasses()) {
            String name = snake(type.getSimpleName());
            sent.put(type, counter(registry, "raftkv.messages.sent", name));
            received.put(type, counter(registry, "raftkv.messages.received", name));
        }
        for (String role : ROLES) {
            gauge(
                    registry,
                    "raftkv.role",
                    "1 for this node's role, 0 for the others",
                    s -> role.equals(s.role()) ? 1 : 0,
                    "role",
                    role);
        }
        gauge(registry, "raftkv.term", "current term", NodeStatus::term);
        gauge(registry, "raftkv.commit.index", "highest log index known to be committed", NodeStatus::commitIndex);
        gauge(registry, "raftkv.applied.index", "highest log index applied to the map", NodeStatus::appliedIndex);
        gauge(registry, "raftkv.last.log.index", "index of the last entry in the log", NodeStatus::lastLogIndex);
        gauge(registry, "raftkv.log.entries", "entries in the log after the latest snapshot", NodeStatus::logEntries);
        gauge(registry, "raftkv.snapshot.index", "log index the latest snapshot covers", NodeStatus::snapshotIndex);
        gauge(registry, "raftkv.snapshot.bytes", "size of the latest snapshot", NodeStatus::snapshotBytes);
        gauge(registry, "raftkv.pending.proposals", "writes waiting to be applied here", NodeStatus::pendingWrites);
        gauge(registry, "raftkv.pending.reads", "linearizable reads waiting here", NodeStatus::pendingReads);
        snapshots(registry, "taken", "snapshots this process took", NodeStatus::snapshotsTaken);
        snapshots(registry, "installed", "leader's snapshots this process installed", NodeStatus::snapshotsInstalled);
    }

    /** Meters that go nowhere: for a node nobody scrapes. */
    public static NodeMetrics none() {
        return new NodeMetrics(new CompositeMeterRegistry());
    }

    /** One write's time from proposal to apply. */
    public void commit(long nanos) {
        commit.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The state the gauges report until the next call. Safe from any thread. */
    public void observe(NodeStatus latest) {
        this.status = latest;
    }

    /** {@code storage} with each persist timed and its entries counted. */
    public RaftStorage storage(RaftStorage storage) {
        return new MeteredStorage(storage, this);
    }

    /** {@code transport} with each message sent and received counted by type. */
    public Transport transport(Transport transport) {
        return new MeteredTransport(transport, this);
    }

    void persisted(long nanos, int entries) {
        persist.record(nanos, TimeUnit.NANOSECONDS);
        batch.record(entries);
    }

    void sent(Message m) {
        sent.get(m.getClass()).increment();
    }

    void received(Message m) {
        received.get(m.getClass()).increment();
    }

    private void gauge(
            MeterRegistry registry, String name, String help, ToDoubleFunction<NodeStatus> value, String... tags) {
        Gauge.builder(name, this, m -> m.read(value))
                .description(help)
                .tags(tags)
                .register(registry);
    }

    private double read(ToDoubleFunction<NodeStatus> value) {
        NodeStatus s = status;
        return s == null ? Double.NaN : value.applyAsDouble(s);
    }

    private void snapshots(MeterRegistry registry, String kind, String help, ToDoubleFunction<NodeStatus> value) {
        FunctionCounter.builder("raftkv.snapshots." + kind, this, m -> {
                    double v = m.read(value);
                    return Double.isNaN(v) ? 0 : v;
                })
                .description(help)
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String name, String type) {
        return Counter.builder(name)
                .description("Raft messages by type")
                .tag("type", type)
                .register(registry);
    }

    /** {@code AppendRequest} to {@code append_request}. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
