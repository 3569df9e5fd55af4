/**
 * The rig's HTTP client of the server and the mapping of answers to Jepsen's ok / fail / info
 * ({@link io.raftkv.tester.client.Outcomes}).
 */
package io.raftkv.tester.client;
