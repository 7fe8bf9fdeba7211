/**
 * Auto-configuration of the cluster: properties, wiring and start-up failure reports.
 */
@NullMarked
package dev.podcluster.autoconfigure;

import org.jspecify.annotations.NullMarked;
