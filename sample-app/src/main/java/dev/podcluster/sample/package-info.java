/**
 * The sample application: shared state over the embedded cluster.
 */
@NullMarked
package dev.podcluster.sample;

import org.jspecify.annotations.NullMarked;
