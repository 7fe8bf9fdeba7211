package dev.podcluster.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's local quick start against this build: the set-up command unchanged, and a
 * second instance started from the jar this module packages, with the log line to wait
 * for before starting it. (Run after {@code package}: the jar must exist.)
 */
class ReadmeQuickStartIT {

	private static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();

	private static final Pattern JAVA_JAR = Pattern.compile("^java -jar (\\S+\\.jar) --server\\.port=8081$",
			Pattern.MULTILINE);

	@Test
	void theSecondInstanceRunsTheJarThisModulePackages() throws IOException {
		String readme = Files.readString(ROOT.resolve("README.md"));
		assertThat(readme).contains("```sh\n./mvnw -pl sample-app -am spring-boot:run\n```",
				"```sh\n./mvnw verify\n```");
		assertThat(readme).as("the build of the jar, before the command that runs it")
			.contains("```sh\n./mvnw -pl sample-app -am package -DskipTests\njava -jar ");
		Matcher command = JAVA_JAR.matcher(readme);
		assertThat(command.find()).as("a java -jar line for the second instance").isTrue();
		Path jar = ROOT.resolve(command.group(1));
		assertThat(jar).as("the jar the README runs, as packaged").isRegularFile();
		try (JarFile file = new JarFile(jar.toFile())) {
			assertThat(file.getManifest().getMainAttributes().getValue("Start-Class"))
				.isEqualTo(SampleApplication.class.getName());
		}
		assertThat(readme).as("what to wait for, as the application logs it")
			.contains("Once it has printed `Started " + SampleApplication.class.getSimpleName() + "`");
		assertThat(List.of(readme.split("\n")))
			.as("no second spring-boot:run that could rebuild the tree under the first")
			.noneMatch((line) -> line.contains("spring-boot:run") && line.contains("8081"));
	}

}
