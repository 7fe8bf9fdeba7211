/**
 * Stable node names: StatefulSet pod FQDN, pod-IP name, host name or an explicit name.
 */
@NullMarked
package dev.podcluster.naming;

import org.jspecify.annotations.NullMarked;
