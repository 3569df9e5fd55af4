package io.raftkv.server;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;

/**
 * One Prometheus registry per process, fed by Vert.x's own meters (HTTP requests by route, method
 * and status code; TCP connections; pools; the JVM) and by the node's ({@link
 * io.raftkv.server.node.NodeMetrics}).
 */
public final class Metrics {
    /** Vert.x's meter of HTTP server response times, by route, method and status code. */
    static final String HTTP_SERVER_RESPONSE_TIME = "vertx.http.server.response.time";

    private Metrics() {}

    /**
     * A registry rendering the Prometheus text format, where the HTTP server's response times are a
     * histogram (Vert.x records only their count, sum and maximum by default).
     */
    public static PrometheusMeterRegistry registry() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(HTTP_SERVER_RESPONSE_TIME)) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofNanos(100_000).toNanos())
                        .maximumExpectedValue((double) Duration.ofSeconds(30).toNanos())
                        .build()
                        .merge(config);
            }
        });
        return registry;
    }

    /** A Vert.x instance with {@code options} whose own meters go to {@code registry}. */
    public static Vertx vertx(VertxOptions options, PrometheusMeterRegistry registry) {
        options.setMetricsOptions(new MicrometerMetricsOptions()
                .setEnabled(true)
                // Vert.x keeps registries by name, per JVM: a name of its own keeps it this one.
                .setRegistryName("raftkv-" + Integer.toHexString(System.identityHashCode(registry)))
                .setJvmMetricsEnabled(true)
                // The route template (/keys/:key), not the path, so a series does not exist per key.
                .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE));
        return Vertx.builder()
                .with(options)
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }
}
