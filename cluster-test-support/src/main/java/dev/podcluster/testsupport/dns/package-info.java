/**
 * A real BIND 9 serving Kubernetes cluster DNS records, for tests.
 */
@NullMarked
package dev.podcluster.testsupport.dns;

import org.jspecify.annotations.NullMarked;
