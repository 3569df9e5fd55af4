/**
 * The ssh backend: nodes on machines the rig reaches over SSH (Apache MINA SSHD, one session per
 * host, one exec channel per command). {@link io.raftkv.tester.cluster.ssh.NodesFile} reads the
 * hosts; {@link io.raftkv.tester.cluster.ssh.SshTarget} holds them with the credentials; {@link
 * io.raftkv.tester.cluster.ssh.HostKeys} checks host keys; {@link
 * io.raftkv.tester.cluster.ssh.RemoteLayout} builds every shell script run on a host except the
 * iptables ones ({@link io.raftkv.tester.net.IptablesChain}); {@link
 * io.raftkv.tester.cluster.ssh.SshCluster} puts them together behind the Cluster SPI.
 */
package io.raftkv.tester.cluster.ssh;
