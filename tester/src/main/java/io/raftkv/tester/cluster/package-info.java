/**
 * Where the nodes run: {@link io.raftkv.tester.cluster.DockerCluster} (one container per node,
 * Testcontainers), {@link io.raftkv.tester.cluster.LocalCluster} (child JVMs on loopback) or {@link
 * io.raftkv.tester.cluster.ssh.SshCluster} (hosts of a nodes file, over SSH).
 * Optional abilities are separate interfaces ({@link io.raftkv.tester.cluster.Killable}, {@link
 * io.raftkv.tester.cluster.Pausable}); {@link io.raftkv.tester.cluster.Backends} picks one.
 */
package io.raftkv.tester.cluster;
