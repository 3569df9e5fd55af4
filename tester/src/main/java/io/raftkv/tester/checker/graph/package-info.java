/**
 * A dependency-graph checker for list-append histories, in the manner of Elle (Kingsbury and Alvaro,
 * "Elle: Inferring Isolation Anomalies from Experimental Observations", VLDB 2020).
 *
 * <h2>Op shapes</h2>
 *
 * Every key holds a list; clients append unique values to it and read it whole. Three shapes are
 * accepted, all of them as JSON Lines records of {@code history/}:
 *
 * <ul>
 *   <li>{@code f="txn"}: {@code value} is a list of micro-ops, each a three-element list: {@code
 *       ["append", k, v]} or {@code ["r", k, null]} on invoke and {@code ["r", k, [v1, v2, ...]]} on
 *       {@code ok}. The op's own {@code key} is ignored.
 *   <li>{@code f="append"}, {@code key=k}, {@code value=v}: a transaction of one append.
 *   <li>{@code f="read"}, {@code key=k}, {@code value=null} on invoke and the list on {@code ok}: a
 *       transaction of one read.
 * </ul>
 *
 * Keys may be strings or integers (compared by their text). Appended values must be unique per key
 * (numbers are compared by value: {@code 3} and {@code 3L} are the same); a history that appends the
 * same value twice to a key cannot be analysed and gets {@code unknown}. Other ops (nemesis ops, or
 * functions this checker does not know) are ignored.
 *
 * <h2>Outcomes</h2>
 *
 * An {@code ok} transaction committed; its reads are those of the completion. A {@code fail}
 * transaction did not commit: reading one of its values is an aborted read (G1a). An {@code info}
 * transaction, or an invoke without a completion, may have committed: its appends count when someone
 * reads them, its reads are unknown, and it has no completion time, so nothing follows it in real
 * time.
 *
 * <h2>Analysis</h2>
 *
 * Per key, every read must be a prefix of the longest read (otherwise {@code incompatible-order});
 * the longest read is the key's version order. From it come the edges between committed
 * transactions: ww (T1 appended the version right before T2's), wr (T2 read a list ending in T1's
 * value), rw (T1 read a list whose next version T2 appended) and rt (T1 completed before T2 was
 * invoked). An append of a transaction that certainly committed (ok, or another of its appends was
 * read) that no read shows is still in the list, after everything anyone read: it gets a ww edge
 * from the last read version's writer and an rw edge from every read of the whole known order.
 * Every strongly connected component of the graph holds at least one cycle, reported with
 * the name of the weakest anomaly it shows: G0 (ww only), G1c (ww and wr), G-single (exactly one
 * rw), G2 (two or more rw), each with a {@code -realtime} variant when the cycle needs an rt edge.
 * Anomalies found without cycles: {@code internal} (a read inside a transaction that disagrees
 * with what the transaction read or appended before it, as in Elle), {@code future-read} (a read
 * showing a value its own transaction appends only later), G1a (aborted read), G1b (intermediate read: a read ending in a
 * value its writer appended over within the same transaction), {@code duplicate-elements} (a value
 * read twice in one list), {@code garbage-read} (a value nobody appended), {@code
 * incompatible-order} and {@code lost-append} (an acknowledged append that no read ever showed,
 * although a read began after it completed).
 */
package io.raftkv.tester.checker.graph;
