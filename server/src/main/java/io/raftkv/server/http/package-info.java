/**
 * The HTTP API of a node (server/API.md): native {@code /kv} routes, the compatible {@code
 * /set}, {@code /get} and {@code /key} routes, {@code /status} and {@code /health}. Handlers run on
 * the node's event loop and never block; validation errors are thrown as {@link
 * io.raftkv.server.http.HttpError} and rendered as JSON by one failure handler; writes and
 * linearizable reads on a follower are forwarded to the leader by {@code LeaderRouting}.
 */
package io.raftkv.server.http;
