package dev.podcluster.testsupport.kube;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The images this bed can "pull": a Java properties file whose keys are image references
 * and whose values are the command lines that stand for the images' entrypoints, split on
 * whitespace. The file is read again when it changes. An unescaped {@code :} in a key is
 * part of the key ({@code sample-app:0.1.0=java -jar
 * app.jar} works as written). A {@code ${NAME}} outside comments is replaced by the
 * agent's environment variable {@code NAME} (absolute paths and versions the bed passes).
 */
final class ImageCatalog {

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}");

	private final Path file;

	private @Nullable FileTime loadedModified;

	private long loadedSize = -1;

	private Map<String, List<String>> entrypoints = Map.of();

	private final Map<String, String> variables;

	ImageCatalog(Path file) {
		this(file, System.getenv());
	}

	ImageCatalog(Path file, Map<String, String> variables) {
		this.file = file;
		this.variables = Map.copyOf(variables);
	}

	Path file() {
		return this.file;
	}

	/**
	 * The entrypoint standing for an image, reading the file again if it changed.
	 * @param image the reference from a pod spec
	 * @return the command, or {@code null} when the file does not map the image
	 */
	synchronized @Nullable List<String> entrypoint(String image) {
		refresh();
		return this.entrypoints.get(ImageReference.normalize(image));
	}

	/** The references of every mapped image, as written in the file. */
	synchronized List<String> images() {
		refresh();
		return List.copyOf(this.entrypoints.keySet());
	}

	/** Whether the file changed since it was last read. */
	synchronized boolean changed() {
		try {
			return !Files.getLastModifiedTime(this.file).equals(this.loadedModified)
					|| Files.size(this.file) != this.loadedSize;
		}
		catch (IOException ex) {
			return this.loadedModified != null;
		}
	}

	private void refresh() {
		if (this.loadedModified != null && !changed()) {
			return;
		}
		try {
			FileTime modified = Files.getLastModifiedTime(this.file);
			long size = Files.size(this.file);
			this.entrypoints = parse(expand(Files.readString(this.file, StandardCharsets.UTF_8)));
			this.loadedModified = modified;
			this.loadedSize = size;
		}
		catch (NoSuchFileException ex) {
			this.entrypoints = Map.of();
			this.loadedModified = null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the images file " + this.file, ex);
		}
	}

	/**
	 * Replace each {@code ${NAME}} outside comments by the variable's value.
	 * @param content the file's content
	 * @return the content with the variables replaced
	 * @throws IllegalStateException for a variable that is not set
	 */
	String expand(String content) {
		StringBuilder expanded = new StringBuilder();
		for (String line : content.split("\n", -1)) {
			String trimmed = line.stripLeading();
			if (!trimmed.startsWith("#") && !trimmed.startsWith("!")) {
				Matcher variable = VARIABLE.matcher(line);
				StringBuilder replaced = new StringBuilder();
				while (variable.find()) {
					String value = this.variables.get(variable.group(1));
					if (value == null) {
						throw new IllegalStateException("The images file " + this.file + " uses ${" + variable.group(1)
								+ "}, and the node agent's environment does not set it");
					}
					variable.appendReplacement(replaced, Matcher.quoteReplacement(value));
				}
				variable.appendTail(replaced);
				line = replaced.toString();
			}
			expanded.append(line).append('\n');
		}
		return expanded.toString();
	}

	/**
	 * Parse the file's content.
	 * @param content the content
	 * @return the entrypoints by normalized image reference
	 */
	static Map<String, List<String>> parse(String content) {
		StringBuilder escaped = new StringBuilder();
		for (String line : content.split("\n", -1)) {
			escaped.append(escapeKeyColons(line)).append('\n');
		}
		Properties properties = new Properties();
		try {
			properties.load(new StringReader(escaped.toString()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, List<String>> entrypoints = new LinkedHashMap<>();
		for (String key : properties.stringPropertyNames().stream().sorted().toList()) {
			String value = properties.getProperty(key).strip();
			List<String> command = new ArrayList<>(value.isEmpty() ? List.of() : List.of(value.split("\\s+")));
			entrypoints.put(ImageReference.normalize(key), List.copyOf(command));
		}
		return entrypoints;
	}

	// Properties would end the key at the first ':'; image references have one before the
	// tag.
	private static String escapeKeyColons(String line) {
		String trimmed = line.stripLeading();
		if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
			return line;
		}
		StringBuilder result = new StringBuilder();
		boolean escape = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (escape) {
				result.append(c);
				escape = false;
				continue;
			}
			if (c == '\\') {
				result.append(c);
				escape = true;
				continue;
			}
			if (c == '=') {
				return result.append(line.substring(i)).toString();
			}
			if (c == ':') {
				result.append("\\:");
				continue;
			}
			result.append(c);
		}
		return line;
	}

}
