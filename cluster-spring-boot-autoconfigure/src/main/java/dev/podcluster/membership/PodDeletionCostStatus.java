package dev.podcluster.membership;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Where this member's pod deletion cost stands.
 *
 * @param pod the pod annotated, {@code namespace/name}
 * @param cost the cost this member's pod should carry (it is among the oldest members),
 * or {@code null} when it should carry none
 * @param annotated whether the pod carries it now
 * @param consecutiveFailures patches failed since the last one that worked
 * @param error why the last patch failed, or {@code null}
 * @param fix the likely fix, or {@code null}
 * @param nextAttempt when the failed patch is tried again, or {@code null}
 * @since 0.1.0
 */
public record PodDeletionCostStatus(String pod, @Nullable Integer cost, boolean annotated, int consecutiveFailures,
		@Nullable String error, @Nullable String fix, @Nullable Instant nextAttempt) {

}
