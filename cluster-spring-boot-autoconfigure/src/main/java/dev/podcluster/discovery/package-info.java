/**
 * Seeds from DNS SRV records or a static list, and tracking of what was last seen.
 */
@NullMarked
package dev.podcluster.discovery;

import org.jspecify.annotations.NullMarked;
