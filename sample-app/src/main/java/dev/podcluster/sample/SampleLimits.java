package dev.podcluster.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The bounds that keep one client from exhausting a pod: what a copy of the sample should
 * keep.
 *
 * @param requestBody largest request body accepted (a bigger one gets 413, one without a
 * length 411)
 * @param entriesPerMember most entries of the {@code entries} map each member holds; the
 * least recently used are evicted beyond it
 * @param streamSubscribers most open {@code /messages/stream} subscriptions on this pod
 * (a further one gets 503)
 * @since 0.1.0
 */
@ConfigurationProperties("sample.limits")
record SampleLimits(@DefaultValue("4KB") DataSize requestBody, @DefaultValue("10000") int entriesPerMember,
		@DefaultValue("100") int streamSubscribers) {

	SampleLimits {
		positive("sample.limits.request-body", requestBody.toBytes());
		positive("sample.limits.entries-per-member", entriesPerMember);
		positive("sample.limits.stream-subscribers", streamSubscribers);
	}

	private static void positive(String property, long value) {
		if (value <= 0) {
			throw new IllegalArgumentException(
					property + " is " + value + ": set it to a positive value, or leave it out for the default");
		}
	}

}
