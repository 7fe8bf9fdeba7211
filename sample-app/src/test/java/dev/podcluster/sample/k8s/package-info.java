/**
 * Checks of the Kubernetes manifests and the Dockerfile that users copy from the sample
 * app.
 */
@NullMarked
package dev.podcluster.sample.k8s;

import org.jspecify.annotations.NullMarked;
