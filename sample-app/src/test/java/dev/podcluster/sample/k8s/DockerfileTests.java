package dev.podcluster.sample.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.podcluster.sample.k8s.Dockerfile.Instruction;
import io.fabric8.kubernetes.api.model.ContainerPort;
import org.junit.jupiter.api.Test;
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
	void trainsAnAotCacheTheWaySpringBootDocumentsAndStartsWithIt() {
		assertThat(this.dockerfile.trainingCommand()).containsExactly("java", "-Xmx512m",
				"-XX:AOTCacheOutput=" + this.dockerfile.cacheName(), "-Dspring.context.exit=onRefresh", "-jar",
				this.dockerfile.jarName());
		List<Instruction> runtime = this.dockerfile.runtimeStage();
		Instruction training = this.dockerfile.run("-Dspring.context.exit=onRefresh");
		assertThat(runtime.indexOf(training)).as("trained on the class path the image runs: after every COPY")
			.isGreaterThan(lastIndexOf(runtime, "COPY"));
		assertThat(runtime.indexOf(training)).as("with the JAVA_TOOL_OPTIONS the image runs with")
			.isGreaterThan(runtime.indexOf(Dockerfile.only(runtime, "ENV")));
		List<String> entrypoint = execForm(Dockerfile.only(runtime, "ENTRYPOINT"));
		assertThat(entrypoint).contains("-XX:AOTCache=" + this.dockerfile.cacheName());
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
