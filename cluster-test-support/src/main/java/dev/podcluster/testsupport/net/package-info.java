/**
 * Network helpers for tests that start several members on one machine.
 */
@NullMarked
package dev.podcluster.testsupport.net;

import org.jspecify.annotations.NullMarked;
