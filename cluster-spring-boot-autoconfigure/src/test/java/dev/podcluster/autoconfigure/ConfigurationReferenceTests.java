package dev.podcluster.autoconfigure;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md}, the configuration reference users read, against the
 * configuration metadata the build writes into the jar (the configuration processor's
 * output, which includes {@code additional-spring-configuration-metadata.json}): one row
 * per property, with its type, default, environment variable and description. A property
 * added, removed or changed in the code without the reference fails here, named, with the
 * row the reference should have. {@code -Dconfiguration.reference.write=true} rewrites
 * the table from the metadata.
 */
class ConfigurationReferenceTests {

	private static final String START = "<!-- properties:start -->";

	private static final String END = "<!-- properties:end -->";

	private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.*\\-\\[\\]]+)` \\|.*$", Pattern.MULTILINE);

	@Test
	void theReferenceListsEveryPropertyAsTheMetadataDescribesIt() throws Exception {
		Path reference = reference();
		String text = Files.readString(reference);
		int start = text.indexOf(START);
		int end = text.indexOf(END);
		assertThat(start).as("%s marks its table with %s", reference, START).isNotNegative();
		assertThat(end).as("%s ends its table with %s", reference, END).isGreaterThan(start);
		Map<String, String> expected = expectedRows(builtMetadata());
		if (Boolean.getBoolean("configuration.reference.write")) {
			String table = "\n" + header() + String.join("\n", expected.values()) + "\n";
			Files.writeString(reference, text.substring(0, start + START.length()) + table + text.substring(end));
			text = Files.readString(reference);
			start = text.indexOf(START);
			end = text.indexOf(END);
		}
		Map<String, String> documented = new LinkedHashMap<>();
		Matcher row = ROW.matcher(text.substring(start, end));
		while (row.find()) {
			documented.put(row.group(1), row.group());
		}
		List<String> problems = new ArrayList<>();
		expected.forEach((name, line) -> {
			String found = documented.get(name);
			if (found == null) {
				problems.add("missing: " + name + "\n    expected: " + line);
			}
			else if (!found.equals(line)) {
				problems.add("different: " + name + "\n    expected: " + line + "\n    found:    " + found);
			}
		});
		documented.keySet()
			.stream()
			.filter((name) -> !expected.containsKey(name))
			.forEach((name) -> problems.add("extra (not in the metadata): " + name));
		assertThat(problems)
			.as("docs/configuration.md against the configuration metadata"
					+ " (-Dconfiguration.reference.write=true rewrites the table)")
			.isEmpty();
	}

	private static String header() {
		return "| property | type | default | environment variable | description |\n| --- | --- | --- | --- | --- |\n";
	}

	/** One row per property, sorted by name, as the reference must show it. */
	private static Map<String, String> expectedRows(JsonNode metadata) {
		Map<String, List<String>> hints = new TreeMap<>();
		for (JsonNode hint : metadata.path("hints")) {
			List<String> values = new ArrayList<>();
			hint.path("values").forEach((value) -> values.add(value.path("value").asString()));
			hints.put(hint.path("name").asString(), values);
		}
		Map<String, String> rows = new TreeMap<>();
		for (JsonNode property : metadata.path("properties")) {
			String name = property.path("name").asString();
			boolean map = property.path("type").asString().startsWith("java.util.Map<");
			String documentedName = map ? name + ".*" : name;
			rows.put(documentedName,
					"| `" + documentedName + "` | " + type(property, hints.get(name)) + " | "
							+ defaultValue(property, hints.containsKey(name)) + " | `" + environmentVariable(name, map)
							+ "` | " + property.path("description").asString("").replace("|", "\\|") + " |");
		}
		return rows;
	}

	private static String type(JsonNode property, List<String> values) {
		String type = property.path("type").asString().replaceAll("[a-z][a-z0-9]*\\.", "").replace("$", ".");
		if (values != null) {
			return "`" + type + "`: " + String.join(", ", values.stream().map((value) -> "`" + value + "`").toList());
		}
		return "`" + type + "`";
	}

	private static String defaultValue(JsonNode property, boolean enumValue) {
		JsonNode value = property.path("defaultValue");
		if (value.isMissingNode() || value.isNull()) {
			return "";
		}
		List<String> values = new ArrayList<>();
		if (value.isArray()) {
			value.forEach((element) -> values.add(element.asString()));
		}
		else {
			values.add(value.asString());
		}
		String text = String.join(", ", values);
		// Enum defaults are written as the constants' names; users write the hint's form.
		return "`" + (enumValue ? text.toLowerCase(Locale.ROOT).replace('_', '-') : text) + "`";
	}

	/** Spring Boot's relaxed binding from the environment: upper case, no dashes. */
	private static String environmentVariable(String name, boolean map) {
		String variable = name.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
		return map ? variable + "_<KEY>" : variable;
	}

	private static Path reference() {
		Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
		Path reference = module.getParent().resolve("docs/configuration.md");
		assertThat(reference).as("the configuration reference").isRegularFile();
		return reference;
	}

	/** The file the configuration processor wrote next to the compiled classes. */
	private static JsonNode builtMetadata() throws IOException, URISyntaxException {
		Path classes = Path.of(ClusterProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path file = classes.resolve("META-INF/spring-configuration-metadata.json");
		assertThat(file).as("metadata written by spring-boot-configuration-processor").exists();
		return JsonMapper.builder().build().readTree(Files.readString(file));
	}

}
