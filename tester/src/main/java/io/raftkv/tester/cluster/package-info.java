/**
 * Where the nodes run: {@link io.raftkv.tester.cluster.DockerCluster} (one container per node,
 * Testcontainers, for any system {@link io.raftkv.tester.cluster.DockerNodes} describes), the
 * local clusters, {@link io.raftkv.tester.cluster.LocalCluster} (child JVMs on loopback) and {@link
 * io.raftkv.tester.cluster.LocalEtcdCluster}, which share their process handling, or {@link
 * io.raftkv.tester.cluster.ssh.SshCluster} (hosts of a nodes file, over SSH). Optional
 * abilities are separate interfaces ({@link io.raftkv.tester.cluster.Killable}, {@link
 * io.raftkv.tester.cluster.Pausable}); {@link io.raftkv.tester.cluster.Backends} picks one.
 */
package io.raftkv.tester.cluster;
