package dev.podcluster.autoconfigure;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the build writes into the jar, as an IDE reads it: every
 * property of an enum type offers its values.
 */
class ConfigurationMetadataTests {

	@Test
	void everyEnumPropertyOffersItsValues() throws Exception {
		JsonNode metadata = builtMetadata();
		Map<String, List<String>> hints = new HashMap<>();
		for (JsonNode hint : metadata.path("hints")) {
			List<String> values = new ArrayList<>();
			hint.path("values").forEach((value) -> values.add(value.path("value").asString()));
			hints.put(hint.path("name").asString(), values);
		}
		List<String> enumProperties = new ArrayList<>();
		for (JsonNode property : metadata.path("properties")) {
			Class<?> type = loadable(property.path("type").asString());
			if (type != null && type.isEnum()) {
				String name = property.path("name").asString();
				enumProperties.add(name);
				assertThat(hints.get(name)).as("value hints of %s (%s)", name, type.getName())
					.containsExactlyInAnyOrderElementsOf(configValues(type));
			}
		}
		assertThat(enumProperties).contains("cluster.naming.mode", "cluster.discovery.mode",
				"management.endpoint.cluster.access", "cluster.hazelcast.partition-group");
	}

	@Test
	void hintsNameTheValuesUsersWrite() throws Exception {
		JsonNode metadata = builtMetadata();
		for (JsonNode hint : metadata.path("hints")) {
			for (JsonNode value : hint.path("values")) {
				assertThat(value.path("value").asString()).matches("[a-z]+(-[a-z]+)*");
				assertThat(value.path("description").asString()).as(hint.path("name").asString()).isNotBlank();
			}
		}
	}

	/** The file the configuration processor wrote next to the compiled classes. */
	private static JsonNode builtMetadata() throws IOException, URISyntaxException {
		Path classes = Path.of(ClusterProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path file = classes.resolve("META-INF/spring-configuration-metadata.json");
		assertThat(file).as("metadata written by spring-boot-configuration-processor").exists();
		return JsonMapper.builder().build().readTree(Files.readString(file));
	}

	private static List<String> configValues(Class<?> type) {
		return Arrays.stream(type.getEnumConstants())
			.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.toList();
	}

	private static @Nullable Class<?> loadable(String type) {
		try {
			return Class.forName(type, false, ConfigurationMetadataTests.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			// Generic types such as java.util.List<java.lang.String> are no enums.
			return null;
		}
	}

}
