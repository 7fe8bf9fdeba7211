package dev.podcluster.sample.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads Kubernetes manifests into fabric8's typed model, strictly: a field the Kubernetes
 * API does not know, a kind fabric8 has no class for, or a value the typed model reads
 * differently from how it is written (a quoted number, say) is an {@link AssertionError}
 * naming the file and the field.
 */
final class Manifests {

	/**
	 * fabric8's model classes keep unknown fields in {@code additionalProperties} through
	 * a Jackson any-setter; without it, Jackson's {@code FAIL_ON_UNKNOWN_PROPERTIES}
	 * names the unknown field.
	 */
	private static final YAMLMapper YAML = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.addModule(new SimpleModule("reject-unknown-kubernetes-fields")
			.setDeserializerModifier(new RejectAdditionalProperties()))
		.build();

	private Manifests() {
	}

	/** The sample-app module directory: Surefire and Failsafe set {@code basedir}. */
	static Path moduleDir() {
		return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
	}

	static Path k8sDir() {
		return moduleDir().resolve("k8s");
	}

	static List<Manifest> read(Path file) {
		try {
			return parse(moduleDir().relativize(file.toAbsolutePath()).toString(), Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Every document of a (multi-document) YAML text, {@code source} naming it in
	 * failures.
	 */
	static List<Manifest> parse(String source, String yaml) {
		List<Manifest> manifests = new ArrayList<>();
		try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
			while (documents.hasNextValue()) {
				JsonNode tree = documents.nextValue();
				if (tree != null && !tree.isNull() && !tree.isMissingNode()) {
					manifests.add(typed(source, tree));
				}
			}
		}
		catch (JacksonException ex) {
			throw new AssertionError(source + ": not valid YAML: " + ex.getMessage(), ex);
		}
		return manifests;
	}

	/** A YAML text as a plain tree, for files that are not Kubernetes objects. */
	static JsonNode tree(String yaml) {
		return YAML.readTree(yaml);
	}

	static <T> T value(String source, String yaml, Class<T> type) {
		try {
			return YAML.readValue(yaml, type);
		}
		catch (JacksonException ex) {
			throw new AssertionError(source + ": " + ex.getMessage(), ex);
		}
	}

	private static Manifest typed(String source, JsonNode tree) {
		KubernetesResource resource;
		try {
			resource = YAML.treeToValue(tree, KubernetesResource.class);
		}
		catch (JacksonException ex) {
			throw new AssertionError(source + ": not a valid Kubernetes object: " + ex.getMessage(), ex);
		}
		if (!(resource instanceof HasMetadata object) || resource instanceof GenericKubernetesResource) {
			throw new AssertionError(source + ": fabric8 has no typed model for apiVersion '"
					+ tree.path("apiVersion").asString("") + "' kind '" + tree.path("kind").asString("")
					+ "': misspelt, removed from the API, or not a built-in kind");
		}
		String difference = firstDifference("", tree, YAML.valueToTree(resource));
		if (difference != null) {
			throw new AssertionError(source + ": the typed model reads " + difference);
		}
		return new Manifest(source, tree, object);
	}

	private static @Nullable String firstDifference(String path, JsonNode written, JsonNode read) {
		if (written.isObject() && read.isObject()) {
			TreeSet<String> names = new TreeSet<>(written.propertyNames());
			names.addAll(read.propertyNames());
			for (String name : names) {
				String difference = firstDifference(path + "." + name, written.path(name), read.path(name));
				if (difference != null) {
					return difference;
				}
			}
			return null;
		}
		if (written.isArray() && read.isArray() && written.size() == read.size()) {
			Iterator<JsonNode> readElements = read.iterator();
			int index = 0;
			for (JsonNode element : written) {
				String difference = firstDifference(path + "[" + index++ + "]", element, readElements.next());
				if (difference != null) {
					return difference;
				}
			}
			return null;
		}
		if (written.equals(read) || sameNumber(written, read)) {
			return null;
		}
		return "'" + (path.isEmpty() ? "." : path.substring(1)) + "' as " + describe(read) + ", but it is written as "
				+ describe(written);
	}

	/**
	 * Whether two scalars are the same number: an int and a long, or a quantity written
	 * as a YAML number ({@code cpu: 1}) that the typed model keeps as a string, as the
	 * API server does.
	 */
	private static boolean sameNumber(JsonNode written, JsonNode read) {
		if (!written.isNumber()) {
			return false;
		}
		if (read.isNumber()) {
			return written.decimalValue().compareTo(read.decimalValue()) == 0;
		}
		try {
			return read.isString() && written.decimalValue().compareTo(new BigDecimal(read.asString())) == 0;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static String describe(JsonNode node) {
		return node.isMissingNode() ? "absent" : node.getNodeType().name().toLowerCase() + " " + node;
	}

	/** One Kubernetes object, as written and as typed. */
	record Manifest(String source, JsonNode tree, HasMetadata object) {

		String id() {
			return this.object.getKind() + "/" + this.object.getMetadata().getName();
		}

		Map<String, String> labels() {
			Map<String, String> labels = this.object.getMetadata().getLabels();
			return (labels != null) ? labels : Map.of();
		}

	}

	private static final class RejectAdditionalProperties extends ValueDeserializerModifier {

		@Override
		public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription.Supplier description,
				BeanDeserializerBuilder builder) {
			if (description.getBeanClass().getName().startsWith("io.fabric8.")) {
				builder.setAnySetter(null);
				builder.setIgnoreUnknownProperties(false);
			}
			return builder;
		}

	}

}
