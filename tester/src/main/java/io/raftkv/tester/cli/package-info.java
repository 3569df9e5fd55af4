/**
 * The {@code rig} command line ({@link io.raftkv.tester.cli.Rig}): one picocli class per
 * subcommand, listed in {@code Rig}. {@code rig check} checks history files or folders; {@code
 * rig bench checker} measures the checkers.
 */
package io.raftkv.tester.cli;
