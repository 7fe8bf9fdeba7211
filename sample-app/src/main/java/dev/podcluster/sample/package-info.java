/**
 * The sample application: shared state, cross-node messaging and a cluster singleton over
 * the embedded cluster.
 */
@NullMarked
package dev.podcluster.sample;

import org.jspecify.annotations.NullMarked;
