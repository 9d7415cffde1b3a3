/**
 * Runs the whole suite on one machine with one command: an embedded PostgreSQL (or a given one),
 * then the key registry, the connector and the issuer gateway, each as its own Spring application
 * context in this JVM, wired to each other's actual ports. {@link
 * org.credrelay.launcher.LocalSuite} is the programmatic entry point (used by the end-to-end tests
 * and the benchmarks); {@link org.credrelay.launcher.LauncherMain} is the command line.
 */
package org.credrelay.launcher;
