/**
 * The cluster actuator endpoint, health indicator and metrics.
 */
@NullMarked
package dev.podcluster.actuate;

import org.jspecify.annotations.NullMarked;
