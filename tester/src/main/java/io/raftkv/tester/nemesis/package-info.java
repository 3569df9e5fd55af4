/**
 * Faults and when they happen. A {@link io.raftkv.tester.nemesis.FaultSchedule} is planned from
 * the seed before the run (written to test.json): after a calm start, a fault for a random time,
 * then a healthy gap, until the time limit, so the final phase always starts healed. {@link
 * io.raftkv.tester.nemesis.ClusterNemesis} carries faults out on a cluster, composing one class per
 * fault family ({@code PartitionFaults}, {@code ProcessFaults} for kill and pause, {@code
 * StorageFaults} for power loss, torn writes, corruption and fsync errors, {@code
 * MembershipFaults}), each of which remembers what it broke, so healing works after any
 * error.
 *
 * <p>In the history each fault is two {@code info} ops of process "nemesis": {@code
 * start-partition} (value: the grudge) / {@code stop-partition}, {@code start-kill} / {@code
 * stop-kill}, {@code start-pause} / {@code stop-pause} and {@code start-power-loss} / {@code
 * stop-power-loss} (value: the nodes), {@code start-torn-write} (value: the node and what its disk
 * kept) / {@code stop-torn-write}, {@code start-corrupt} (value: the node, file, offset and length
 * damaged) / {@code stop-corrupt} (value: whether the node had stopped, the first error it logged,
 * and what the repair restored), {@code start-fsync-error} (value: the node) / {@code
 * stop-fsync-error} (value: per node, whether the error fired, whether the node had stopped, and
 * its first error), {@code start-membership} / {@code stop-membership} (value:
 * the node removed or added back, and the voters after). A fault that could not be injected or
 * undone is a {@code nemesis-error} op.
 */
package io.raftkv.tester.nemesis;
