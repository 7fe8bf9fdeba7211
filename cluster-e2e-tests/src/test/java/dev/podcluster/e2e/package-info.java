/**
 * End-to-end suite: the packaged sample app run as the pods of a real Kubernetes control
 * plane ({@code KubeBed}), driven with {@code kubectl} and checked through its HTTP API.
 */
@NullMarked
package dev.podcluster.e2e;

import org.jspecify.annotations.NullMarked;
