/**
 * Linearizability checking: sequential {@link io.raftkv.tester.checker.linear.Model}s as pure
 * functions and the Wing &amp; Gong / Lowe search ({@code WglSearch}) that porcupine uses, run per
 * key in parallel by {@link io.raftkv.tester.checker.linear.LinearizabilityChecker}.
 *
 * <p>Jepsen's semantics: an {@code ok} op took effect between its invocation and completion; a
 * {@code fail} op took no effect; an {@code info} op, or one never completed, may take effect at
 * any point after its invocation, or never. A timeout or an exhausted cache allowance gives
 * {@code unknown}, never a hang or an out-of-memory error.
 *
 * <p>Models ({@link io.raftkv.tester.checker.linear.Models}): Knossos' {@code register}, {@code
 * cas-register}, {@code multi-register}, {@code mutex}, {@code set}, {@code unordered-queue} and
 * {@code fifo-queue}, with Knossos' rules (a read that returned nil is unconstrained); this
 * project's {@code kv} (register per key, nil = absent, plus delete), {@code append-kv} (string
 * per key: get, put, append) and {@code list-append} (list per key). Every model is checked per
 * key when ops carry keys. The registers' initial value is an option; it defaults to nil.
 */
package io.raftkv.tester.checker.linear;
