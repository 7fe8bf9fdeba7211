/**
 * Auto-configuration of the cluster: properties, the auto-configurations that import each
 * stage's wiring, and start-up failure reports.
 */
@NullMarked
package dev.podcluster.autoconfigure;

import org.jspecify.annotations.NullMarked;
