/**
 * Network partitions: {@link io.raftkv.tester.net.Grudge}s built by the pure functions of {@link
 * io.raftkv.tester.net.Partitions}, applied by {@link io.raftkv.tester.net.IptablesNet} (containers;
 * every iptables call of the rig) or {@link io.raftkv.tester.net.ProxyNet} (local processes, a TCP
 * proxy per directed link).
 */
package io.raftkv.tester.net;
