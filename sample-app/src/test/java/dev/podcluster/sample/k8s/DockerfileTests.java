package dev.podcluster.sample.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.podcluster.sample.k8s.Dockerfile.Instruction;
import io.fabric8.kubernetes.api.model.ContainerPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Dockerfile, read as text (no Docker engine here): a layered image of the executable
 * jar, run by a non-root user, matching what the Kubernetes manifests expect of it.
 */
class DockerfileTests {

	private final Dockerfile dockerfile = Dockerfile.read();

	@Test
	void buildsOnTemurin25JreInTwoStages() {
		assertThat(this.dockerfile.stages()).hasSize(2);
		assertThat(this.dockerfile.instructions().stream().filter((instruction) -> instruction.is("FROM")))
			.extracting((instruction) -> instruction.words().get(0))
			.containsExactly("eclipse-temurin:25-jre", "eclipse-temurin:25-jre");
	}

	@Test
	void extractsTheLayersWithSpringBootsToolsJarMode() {
		assertThat(this.dockerfile.extractCommand()).containsExactly("java", "-Djarmode=tools", "-jar",
				this.dockerfile.jarName(), "extract", "--layers", "--destination",
				this.dockerfile.extractDestination());
		assertThat(Dockerfile.only(this.dockerfile.builderStage(), "COPY").words()).containsExactly("${JAR_FILE}",
				this.dockerfile.jarName());
	}

	@Test
	void copiesTheLayersLeastLikelyToChangeFirst() {
		assertThat(this.dockerfile.copiedLayers()).containsExactly("dependencies", "spring-boot-loader",
				"snapshot-dependencies", "application");
	}

	@Test
	void runsAsTheNonRootUserThePodsExpect() {
		List<Instruction> runtime = this.dockerfile.runtimeStage();
		Instruction user = Dockerfile.only(runtime, "USER");
		assertThat(user.arguments()).as("a numeric user, so runAsNonRoot can verify it").matches("\\d+(:\\d+)?");
		long uid = Long.parseLong(user.arguments().split(":")[0]);
		assertThat(uid).isPositive();
		assertThat(this.dockerfile.run("useradd").arguments()).contains("--uid " + uid);
		assertThat(runtime.indexOf(user)).as("USER after every COPY and RUN")
			.isGreaterThan(lastIndexOf(runtime, "COPY"))
			.isGreaterThan(lastIndexOf(runtime, "RUN"));
		for (String overlay : Overlay.names()) {
			assertThat(Overlay.render(overlay).podTemplate().getSpec().getSecurityContext().getRunAsUser())
				.as("runAsUser in overlay %s", overlay)
				.isEqualTo(uid);
		}
	}

	@Test
	void exposesTheContainerPortsOfThePods() {
		Set<Integer> exposed = Dockerfile.only(this.dockerfile.runtimeStage(), "EXPOSE")
			.words()
			.stream()
			.map(Integer::valueOf)
			.collect(Collectors.toSet());
		for (String overlay : Overlay.names()) {
			assertThat(Overlay.render(overlay).container().getPorts()).extracting(ContainerPort::getContainerPort)
				.containsExactlyInAnyOrderElementsOf(exposed);
		}
	}

	@Test
	void startsTheExtractedJarSoItsManifestFlagsApply() {
		List<String> entrypoint = execForm(Dockerfile.only(this.dockerfile.runtimeStage(), "ENTRYPOINT"));
		assertThat(entrypoint.get(0)).isEqualTo("java");
		assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).as("ends with -jar <extracted jar>")
			.containsExactly("-jar", this.dockerfile.jarName());
		assertThat(entrypoint).contains("-XX:+ExitOnOutOfMemoryError");
		assertThat(entrypoint).as("heap flags stay in JAVA_TOOL_OPTIONS, where a deployment can change them")
			.noneMatch((word) -> word.startsWith("-Xmx") || word.startsWith("-Xms") || word.contains("RAMPercentage"));
		assertThat(Dockerfile.only(this.dockerfile.runtimeStage(), "ENV").arguments())
			.isEqualTo("JAVA_TOOL_OPTIONS=\"-XX:MaxRAMPercentage=50\"");
	}

	@Test
	void trainsAnAotCacheByAFullStartOnItsOwnAndStartsWithIt() {
		List<String> command = this.dockerfile.trainingCommand();
		assertThat(command.subList(0, 5)).containsExactly("java", "-Xmx512m",
				"-XX:AOTCacheOutput=" + this.dockerfile.cacheName(), "-jar", this.dockerfile.jarName());
		assertThat(command.subList(5, command.size()))
			.as("never meets anybody: ports the kernel picks, a random cluster name, itself as its only member")
			.containsExactly("--server.port=0", "--management.server.port=0",
					"--cluster.cluster-name=aot-training-$(cat", "/proc/sys/kernel/random/uuid)",
					"--cluster.discovery.mode=static", "--cluster.discovery.static.members=127.0.0.1",
					"--cluster.hazelcast.address=127.0.0.1");
		assertThat(command).as("a full start, not one that exits at the refreshed context")
			.noneMatch((word) -> word.startsWith("-Dspring.context.exit"));
		String script = this.dockerfile.trainingScript();
		assertThat(script).contains(">training.log 2>&1 & pid=$!;")
			.contains("until grep -qs ' Started .* in .* seconds' training.log;")
			.contains("if [ \"$waited\" -ge 120 ];")
			.contains("kill -TERM \"$pid\"; wait \"$pid\";")
			.endsWith("if [ ! -s " + this.dockerfile.cacheName() + " ]; then echo \"The AOT training run wrote no "
					+ this.dockerfile.cacheName() + "\" >&2; exit 1; fi");
		List<Instruction> runtime = this.dockerfile.runtimeStage();
		Instruction training = this.dockerfile.trainingRun();
		assertThat(runtime.indexOf(training)).as("trained on the class path the image runs: after every COPY")
			.isGreaterThan(lastIndexOf(runtime, "COPY"));
		assertThat(runtime.indexOf(training)).as("with the JAVA_TOOL_OPTIONS the image runs with")
			.isGreaterThan(runtime.indexOf(Dockerfile.only(runtime, "ENV")));
		List<String> entrypoint = execForm(Dockerfile.only(runtime, "ENTRYPOINT"));
		assertThat(entrypoint).contains("-XX:AOTCache=" + this.dockerfile.cacheName());
	}

	@Test
	void trainingStopsTheApplicationOnceStartedAndChecksTheCache(@TempDir Path work) throws Exception {
		// A java that starts, and writes the cache when SIGTERM stops it, as JDK 25's
		// does.
		Training run = train(work,
				"""
						echo "$@" > arguments
						trap 'echo cache > %s; exit 143' TERM
						echo "2026-12-06T12:00:00.000Z  INFO 1 --- [sample-app] [main] d.p.sample.SampleApplication : Started SampleApplication in 1.5 seconds (process running for 2.0)"
						while :; do sleep 1; done
						"""
					.formatted(this.dockerfile.cacheName()));
		assertThat(run.exit()).as(run.output()).isZero();
		assertThat(work.resolve(this.dockerfile.cacheName())).hasContent("cache");
		assertThat(work.resolve("training.log")).as("removed once the cache is written").doesNotExist();
		assertThat(Files.readString(work.resolve("arguments")))
			.matches("(?s).*--cluster.cluster-name=aot-training-[0-9a-f-]{36} .*");
	}

	@Test
	void trainingFailsTheBuildWhenTheApplicationEndsBeforeItStarted(@TempDir Path work) throws Exception {
		Training run = train(work, """
				echo "APPLICATION FAILED TO START"
				exit 1
				""");
		assertThat(run.exit()).isNotZero();
		assertThat(run.output()).contains("APPLICATION FAILED TO START")
			.contains("The AOT training run ended before it started");
		assertThat(work.resolve(this.dockerfile.cacheName())).doesNotExist();
	}

	@Test
	void trainingFailsTheBuildWhenNoCacheIsWritten(@TempDir Path work) throws Exception {
		Training run = train(work,
				"""
						trap 'exit 143' TERM
						echo "2026-12-06T12:00:00.000Z  INFO 1 --- [sample-app] [main] d.p.sample.SampleApplication : Started SampleApplication in 1.5 seconds (process running for 2.0)"
						while :; do sleep 1; done
						""");
		assertThat(run.exit()).isNotZero();
		assertThat(run.output()).contains("The AOT training run wrote no " + this.dockerfile.cacheName());
	}

	@Test
	void buildContextHoldsOnlyTheJar() throws IOException {
		List<String> ignore = Files.readAllLines(Manifests.moduleDir().resolve(".dockerignore"))
			.stream()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(ignore).containsExactly("*", "!target/*.jar");
		assertThat(Dockerfile.only(this.dockerfile.builderStage(), "ARG").arguments())
			.isEqualTo("JAR_FILE=target/*.jar");
	}

	@Test
	void parsesContinuationLinesAndComments() {
		Dockerfile parsed = Dockerfile.parse("""
				# syntax=docker/dockerfile:1
				FROM a AS b

				RUN one \\
				    # a comment inside
				    two
				""");
		assertThat(parsed.instructions()).extracting(Instruction::keyword, Instruction::arguments)
			.containsExactly(tuple("FROM", "a AS b"), tuple("RUN", "one two"));
	}

	/**
	 * The Dockerfile's training script, run by {@code /bin/sh} as {@code docker build}
	 * runs it, with a stand-in {@code java} first on the PATH.
	 */
	private Training train(Path work, String java) throws Exception {
		Path bin = Files.createDirectory(work.resolve("bin"));
		Path fake = bin.resolve("java");
		Files.writeString(fake, "#!/bin/sh\n" + java);
		Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
		ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", this.dockerfile.trainingScript())
			.directory(work.toFile())
			.redirectErrorStream(true);
		builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the training script ended: %s", output).isTrue();
		return new Training(process.exitValue(), output);
	}

	private record Training(int exit, String output) {
	}

	private static int lastIndexOf(List<Instruction> stage, String keyword) {
		int last = -1;
		for (int i = 0; i < stage.size(); i++) {
			if (stage.get(i).is(keyword)) {
				last = i;
			}
		}
		return last;
	}

	private static List<String> execForm(Instruction instruction) {
		assertThat(instruction.arguments()).as("exec form, so java is PID 1 and gets SIGTERM").startsWith("[");
		return List.of(JsonMapper.builder().build().readValue(instruction.arguments(), String[].class));
	}

}
