/**
 * The cluster actuator endpoint and health indicator.
 */
@NullMarked
package dev.podcluster.actuate;

import org.jspecify.annotations.NullMarked;
