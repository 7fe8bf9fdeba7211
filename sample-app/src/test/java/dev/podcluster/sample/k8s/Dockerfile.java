package dev.podcluster.sample.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The sample app's Dockerfile as a list of instructions: comments and blank lines
 * dropped, continuation lines joined.
 *
 * @param instructions the instructions in file order
 */
record Dockerfile(List<Instruction> instructions) {

	private static final String CACHE_OUTPUT = "-XX:AOTCacheOutput=";

	static Path path() {
		return Manifests.moduleDir().resolve("Dockerfile");
	}

	static Dockerfile read() {
		try {
			return parse(Files.readString(path()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Dockerfile parse(String text) {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder pending = new StringBuilder();
		int start = 0;
		String[] lines = text.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
				continue;
			}
			if (pending.isEmpty()) {
				start = i + 1;
			}
			boolean continued = line.endsWith("\\");
			pending.append(continued ? line.substring(0, line.length() - 1).stripTrailing() : line).append(' ');
			if (!continued) {
				String joined = pending.toString().strip();
				pending.setLength(0);
				int space = joined.indexOf(' ');
				instructions.add(new Instruction(start, joined.substring(0, space).toUpperCase(Locale.ROOT),
						joined.substring(space + 1).strip()));
			}
		}
		return new Dockerfile(List.copyOf(instructions));
	}

	/**
	 * The instructions of the stages, split at each FROM (which starts its stage's list).
	 */
	List<List<Instruction>> stages() {
		List<List<Instruction>> stages = new ArrayList<>();
		for (Instruction instruction : this.instructions) {
			if (instruction.is("FROM")) {
				stages.add(new ArrayList<>());
			}
			if (!stages.isEmpty()) {
				stages.get(stages.size() - 1).add(instruction);
			}
		}
		return stages;
	}

	/** The first stage, which extracts the jar's layers. */
	List<Instruction> builderStage() {
		return stages().get(0);
	}

	/** The last stage: the image that runs. */
	List<Instruction> runtimeStage() {
		List<List<Instruction>> stages = stages();
		return stages.get(stages.size() - 1);
	}

	/** The name after {@code AS} in the first FROM. */
	String builderName() {
		List<String> from = builderStage().get(0).words();
		if (from.size() != 3 || !from.get(1).equalsIgnoreCase("AS")) {
			throw new AssertionError("the first FROM names its stage: FROM <image> AS <name>, found " + from);
		}
		return from.get(2);
	}

	/** The builder stage's RUN that extracts the layers, as words. */
	List<String> extractCommand() {
		List<List<String>> runs = builderStage().stream()
			.filter((instruction) -> instruction.is("RUN"))
			.map(Instruction::words)
			.filter((words) -> words.contains("-Djarmode=tools"))
			.toList();
		if (runs.size() != 1) {
			throw new AssertionError("expected one RUN with -Djarmode=tools in the builder stage, found " + runs);
		}
		return runs.get(0);
	}

	/**
	 * The runtime stage's training run: the RUN that starts the application with
	 * {@code -XX:AOTCacheOutput} to write the AOT cache.
	 */
	Instruction trainingRun() {
		List<Instruction> runs = runtimeStage().stream()
			.filter((instruction) -> instruction.is("RUN"))
			.filter((instruction) -> instruction.words().stream().anyMatch((word) -> word.startsWith(CACHE_OUTPUT)))
			.toList();
		if (runs.size() != 1) {
			throw new AssertionError("expected one RUN with " + CACHE_OUTPUT + " in the runtime stage, found " + runs);
		}
		return runs.get(0);
	}

	/**
	 * The training run's shell script, as {@code /bin/sh -c} runs it (its lines joined,
	 * as Docker joins them).
	 */
	String trainingScript() {
		return trainingRun().arguments();
	}

	/**
	 * The command line of the JVM the training run starts, as words: from {@code java} to
	 * its last argument, before its output's redirection.
	 */
	List<String> trainingCommand() {
		List<String> words = trainingRun().words();
		int end = 0;
		while (end < words.size() && !words.get(end).startsWith(">") && !words.get(end).equals("&")) {
			end++;
		}
		return words.subList(0, end);
	}

	/**
	 * The AOT cache the training run writes: the value of its {@code -XX:AOTCacheOutput}.
	 */
	String cacheName() {
		return trainingCommand().stream()
			.filter((word) -> word.startsWith(CACHE_OUTPUT))
			.map((word) -> word.substring(CACHE_OUTPUT.length()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the training run names its cache with " + CACHE_OUTPUT));
	}

	/** The runtime stage's RUN that matches, by a word it contains. */
	Instruction run(String word) {
		List<Instruction> runs = runtimeStage().stream()
			.filter((instruction) -> instruction.is("RUN") && instruction.words().contains(word))
			.toList();
		if (runs.size() != 1) {
			throw new AssertionError("expected one RUN with " + word + " in the runtime stage, found " + runs);
		}
		return runs.get(0);
	}

	/** The {@code --destination} of the extract command. */
	String extractDestination() {
		List<String> command = extractCommand();
		int index = command.indexOf("--destination");
		if (index < 0 || index + 1 >= command.size()) {
			throw new AssertionError("the extract command names its --destination: " + command);
		}
		return command.get(index + 1);
	}

	/**
	 * The file name the builder stage gives the executable jar (the last COPY argument).
	 */
	String jarName() {
		List<String> copy = only(builderStage(), "COPY").words();
		return copy.get(copy.size() - 1);
	}

	/** The builder stage's working directory. */
	String builderWorkdir() {
		return only(builderStage(), "WORKDIR").arguments();
	}

	/**
	 * The layer directories the runtime stage copies from the builder, in order; fails on
	 * a COPY from the builder of anything but an extracted layer.
	 */
	List<String> copiedLayers() {
		String prefix = builderWorkdir() + "/" + extractDestination() + "/";
		List<String> layers = new ArrayList<>();
		for (Instruction instruction : runtimeStage()) {
			List<String> words = instruction.words();
			if (instruction.is("COPY") && words.get(0).equals("--from=" + builderName())) {
				String source = words.get(1);
				if (words.size() != 3 || !source.startsWith(prefix) || !source.endsWith("/")) {
					throw new AssertionError("line " + instruction.line() + ": expected COPY --from=" + builderName()
							+ " " + prefix + "<layer>/ <dir>, found " + instruction.arguments());
				}
				layers.add(source.substring(prefix.length(), source.length() - 1));
			}
		}
		return layers;
	}

	static Instruction only(List<Instruction> stage, String keyword) {
		List<Instruction> found = stage.stream().filter((instruction) -> instruction.is(keyword)).toList();
		if (found.size() != 1) {
			throw new AssertionError("expected one " + keyword + " in the stage, found " + found);
		}
		return found.get(0);
	}

	/**
	 * One instruction.
	 *
	 * @param line the line it starts on
	 * @param keyword the instruction, upper case
	 * @param arguments the rest, continuation lines joined with single spaces
	 */
	record Instruction(int line, String keyword, String arguments) {

		boolean is(String keyword) {
			return this.keyword.equals(keyword);
		}

		/**
		 * The arguments split at white space (no quoting: the sample's shell form needs
		 * none).
		 */
		List<String> words() {
			return Arrays.asList(this.arguments.split("\\s+"));
		}

	}

}
