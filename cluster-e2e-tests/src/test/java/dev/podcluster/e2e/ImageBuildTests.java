package dev.podcluster.e2e;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The training the bed's sample image runs is the one sample-app/Dockerfile's build runs:
 * its RUN script and ENV, read from the Dockerfile.
 */
class ImageBuildTests {

	@Test
	void readsTheSampleDockerfilesTrainingScriptAndEnvironment() {
		ImageBuild build = ImageBuild.read();
		assertThat(build.trainingScript())
			.startsWith("java -Xmx512m -XX:AOTCacheOutput=application.aot -jar application.jar ")
			.contains("kill -TERM \"$pid\"")
			.doesNotContain("\\\n");
		assertThat(build.environment()).containsExactly(Map.entry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=50"));
	}

	@Test
	void joinsContinuationLinesDropsCommentsAndKeepsToTheLastStage() {
		ImageBuild build = ImageBuild.parse("""
				FROM a AS builder
				ENV LEAK=1
				RUN java -XX:AOTCacheOutput=wrong.aot -jar a.jar
				FROM a
				ENV B="two words"
				# a comment
				RUN java -XX:AOTCacheOutput=app.aot -jar a.jar & \\
				    # a comment inside, dropped as Docker drops it
				    pid=$!; \\
				    wait "$pid"
				USER 1
				""");
		assertThat(build.trainingScript())
			.isEqualTo("java -XX:AOTCacheOutput=app.aot -jar a.jar & pid=$!; wait \"$pid\"");
		assertThat(build.environment()).containsExactly(Map.entry("B", "two words"));
	}

	@Test
	void failsWithoutATrainingRun() {
		assertThatIllegalStateException().isThrownBy(() -> ImageBuild.parse("FROM a\nRUN true\n"))
			.withMessageContaining("-XX:AOTCacheOutput=");
	}

}
