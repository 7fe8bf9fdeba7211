package dev.podcluster.testsupport.kube;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

/**
 * Kubernetes time stamps: RFC 3339 in UTC, whole seconds.
 */
final class Times {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

	private Times() {
	}

	static @Nullable String format(@Nullable Instant instant) {
		return (instant != null) ? FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC))
				: null;
	}

	static String now() {
		return FORMAT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
	}

	static ZonedDateTime micro(Instant instant) {
		return instant.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
	}

}
