/**
 * The cluster in an application's own Spring tests: every test context's member keeps to
 * the test's JVM, alone or in a {@link dev.podcluster.test.TestCluster} of several.
 */
@NullMarked
package dev.podcluster.test;

import org.jspecify.annotations.NullMarked;
