package io.raftkv.tester.generator;

import java.time.Duration;

/**
 * How a run drives the cluster.
 *
 * @param concurrency number of worker threads
 * @param rate target ops/s over all workers; 0 for as fast as possible
 * @param timeLimit length of the main phase (faults happen inside it)
 * @param requestTimeout per HTTP request
 * @param writeAttempts how often an indeterminate write is sent (same client id and sequence)
 * @param quiet healthy pause after healing, before the final reads
 * @param seed the seed of every random choice
 */
public record RunOptions(
        int concurrency,
        double rate,
        Duration timeLimit,
        Duration requestTimeout,
        int writeAttempts,
        Duration quiet,
        long seed) {

    public RunOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must not be negative, got " + rate);
        }
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("--time-limit must be positive, got " + timeLimit.toSeconds());
        }
    }
}
