package dev.podcluster.sample;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code sample.limits.*}: the defaults docs/sample-app.md states, and a bound that is
 * not positive refused with the property's name.
 */
class SampleLimitsTests {

	@Test
	void defaultsAreTheDocumentedOnes() {
		SampleLimits limits = bind(Map.of("sample.limits.request-body", "4KB"));
		assertThat(limits.requestBody()).isEqualTo(DataSize.ofKilobytes(4));
		assertThat(limits.entriesPerMember()).isEqualTo(10_000);
		assertThat(limits.streamSubscribers()).isEqualTo(100);
	}

	@Test
	void aBoundThatIsNotPositiveIsRefusedWithItsName() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("sample.limits.stream-subscribers", "0")))
			.havingRootCause()
			.withMessageContaining("sample.limits.stream-subscribers is 0")
			.withMessageContaining("set it to a positive value");
	}

	private static SampleLimits bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("sample.limits",
				SampleLimits.class);
	}

}
