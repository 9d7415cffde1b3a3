/**
 * The benchmark of issue 9: {@link org.credrelay.bench.BenchMain} starts the suite through the
 * launcher and runs the scenarios, each against a baseline measured in the same run
 * (bench/README.md, docs/PERFORMANCE.md). Sub-packages: {@code harness} (load loops, latencies),
 * {@code env} (suite, parties, real sealed messages), {@code report} (table and JSON), one package
 * per scenario group.
 */
package org.credrelay.bench;
