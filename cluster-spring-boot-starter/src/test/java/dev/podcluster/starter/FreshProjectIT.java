package dev.podcluster.starter;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A new application as a user makes it on the day they read the README: a project on
 * {@code spring-boot-starter-parent} with the quick start's dependency snippet and
 * {@code application.yml}, both taken from README.md, and nothing else but a main class
 * and a plain {@code @SpringBootTest}, as start.spring.io writes them. Built with Maven
 * (offline when this build is), the starter found as if installed (the build puts this
 * build's jars in a repository of their own under target/); then two instances of its jar
 * form a cluster on the Hazelcast Spring Boot brings, and its test, run beside one of
 * them, stays a cluster of one.
 */
class FreshProjectIT {

	private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

	private static final Path PROJECT = ROOT.resolve("cluster-spring-boot-starter/target/fresh-project/orders");

	private static final Pattern MEMBERS = Pattern.compile("Members \\{size:(\\d+), ver:\\d+\\}");

	private final List<Process> instances = new ArrayList<>();

	@AfterEach
	void stopInstances() throws InterruptedException {
		for (Process instance : this.instances) {
			instance.destroy();
		}
		for (Process instance : this.instances) {
			if (!instance.waitFor(30, TimeUnit.SECONDS)) {
				instance.destroyForcibly().waitFor();
			}
		}
	}

	@Test
	void aProjectMadeAsTheQuickStartSaysFormsAClusterAndItsTestsStayAlone() throws Exception {
		String readme = Files.readString(ROOT.resolve("README.md"));
		String quickStart = readme.substring(readme.indexOf("## Quick start"));
		String dependency = block(quickStart, "xml");
		String applicationYml = block(quickStart.substring(quickStart.indexOf("In `application.yml`")), "yaml");
		assertThat(dependency).contains("<artifactId>cluster-spring-boot-starter</artifactId>");
		writeProject(dependency, applicationYml);

		long start = System.nanoTime();
		maven("build", "package", "-DskipTests");
		System.out.printf("fresh project built in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
		Path jar = PROJECT.resolve("target/orders-0.0.1-SNAPSHOT.jar");
		String hazelcast = hazelcastIn(jar);
		assertThat(hazelcast).as("the Hazelcast Spring Boot %s manages", SpringBootVersion.getVersion())
			.isEqualTo("5.5.0");

		// Both at once, as pods of a Deployment start: no first member to wait for.
		Path first = start(jar, "first");
		Path second = start(jar, "second");
		await("two instances started, each listing two members").atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> {
				assertThat(this.instances).allMatch(Process::isAlive);
				assertThat(members(first)).as(Files.readString(first)).isEqualTo(2);
				assertThat(members(second)).as(Files.readString(second)).isEqualTo(2);
				assertThat(Files.readString(first) + Files.readString(second))
					.containsPattern("(?s)Started OrdersApplication.*Started OrdersApplication");
			});
		assertThat(Files.readString(first)).contains("Hazelcast Platform " + hazelcast);
		System.out.printf("two instances of the fresh project formed a cluster on Hazelcast %s, %d s from the start%n",
				hazelcast, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));

		// The project's own test, while both instances run: a cluster of one.
		Path test = maven("test", "surefire:test");
		assertThat(Files.readString(test)).contains("Tests run: 1, Failures: 0, Errors: 0");
		assertThat(members(first)).as("the running instances after the test ran").isEqualTo(2);
		System.out.printf("fresh project done in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
	}

	private static void writeProject(String dependency, String applicationYml) throws IOException {
		deleteRecursively(PROJECT);
		Path sources = Files.createDirectories(PROJECT.resolve("src/main/java/com/example/orders"));
		Path tests = Files.createDirectories(PROJECT.resolve("src/test/java/com/example/orders"));
		Path resources = Files.createDirectories(PROJECT.resolve("src/main/resources"));
		Files.writeString(PROJECT.resolve("pom.xml"), """
				<?xml version="1.0" encoding="UTF-8"?>
				<project xmlns="http://maven.apache.org/POM/4.0.0">
				  <modelVersion>4.0.0</modelVersion>
				  <parent>
				    <groupId>org.springframework.boot</groupId>
				    <artifactId>spring-boot-starter-parent</artifactId>
				    <version>%s</version>
				    <relativePath/>
				  </parent>
				  <groupId>com.example</groupId>
				  <artifactId>orders</artifactId>
				  <version>0.0.1-SNAPSHOT</version>
				  <properties>
				    <java.version>17</java.version>
				  </properties>
				  <dependencies>
				%s
				    <dependency>
				      <groupId>org.springframework.boot</groupId>
				      <artifactId>spring-boot-starter-test</artifactId>
				      <scope>test</scope>
				    </dependency>
				  </dependencies>
				  <build>
				    <plugins>
				      <plugin>
				        <groupId>org.springframework.boot</groupId>
				        <artifactId>spring-boot-maven-plugin</artifactId>
				      </plugin>
				    </plugins>
				  </build>
				</project>
				""".formatted(SpringBootVersion.getVersion(), dependency.indent(4).stripTrailing()));
		Files.writeString(resources.resolve("application.yml"), applicationYml);
		Files.writeString(sources.resolve("OrdersApplication.java"), """
				package com.example.orders;

				import org.springframework.boot.SpringApplication;
				import org.springframework.boot.autoconfigure.SpringBootApplication;

				@SpringBootApplication
				public class OrdersApplication {

					public static void main(String[] args) {
						SpringApplication.run(OrdersApplication.class, args);
					}

				}
				""");
		Files.writeString(tests.resolve("OrdersApplicationTests.java"), """
				package com.example.orders;

				import com.hazelcast.core.HazelcastInstance;
				import org.junit.jupiter.api.Test;

				import org.springframework.beans.factory.annotation.Autowired;
				import org.springframework.boot.test.context.SpringBootTest;

				import static org.assertj.core.api.Assertions.assertThat;

				@SpringBootTest
				class OrdersApplicationTests {

					@Autowired
					HazelcastInstance hazelcast;

					@Test
					void aClusterOfItsOwn() {
						assertThat(hazelcast.getCluster().getMembers()).hasSize(1);
					}

				}
				""");
	}

	/**
	 * Run Maven in the project: this build's starter from its own repository (the head),
	 * everything else read from the local repository this build uses (the tail, never
	 * written); offline when this build is.
	 */
	private static Path maven(String name, String... goals) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(property("fresh-project.maven"), "-B", "-ntp",
				"-Dmaven.repo.local=" + property("fresh-project.repository"),
				"-Dmaven.repo.local.tail=" + property("fresh-project.maven-repository")));
		if (property("fresh-project.maven-mode").equals("offline=true")) {
			command.add("-o");
		}
		command.addAll(List.of(goals));
		System.out.println("fresh project: " + String.join(" ", command));
		Path log = PROJECT.resolve("target/maven-" + name + ".log");
		Files.createDirectories(log.getParent());
		Process maven = new ProcessBuilder(command).directory(PROJECT.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!maven.waitFor(3, TimeUnit.MINUTES)) {
			maven.destroyForcibly().waitFor();
			throw new AssertionError("mvn " + String.join(" ", goals) + " did not finish in 3 minutes: " + log);
		}
		assertThat(maven.exitValue())
			.as("mvn %s in the fresh project:\n%s", String.join(" ", goals), Files.readString(log))
			.isZero();
		return log;
	}

	private Path start(Path jar, String name) throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		Path log = PROJECT.resolve("target/" + name + ".log");
		this.instances.add(new ProcessBuilder(java, "-jar", jar.toString()).directory(PROJECT.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start());
		return log;
	}

	/** The size in the last member list the instance logged, 0 before the first. */
	private static int members(Path log) throws IOException {
		Matcher matcher = MEMBERS.matcher(Files.readString(log));
		int size = 0;
		while (matcher.find()) {
			size = Integer.parseInt(matcher.group(1));
		}
		return size;
	}

	private static String hazelcastIn(Path jar) throws IOException {
		try (JarFile file = new JarFile(jar.toFile())) {
			return file.stream()
				.map((entry) -> entry.getName())
				.filter((name) -> name.matches("BOOT-INF/lib/hazelcast-[0-9][^/]*\\.jar"))
				.map((name) -> name.substring("BOOT-INF/lib/hazelcast-".length(), name.length() - ".jar".length()))
				.findFirst()
				.orElseThrow(() -> new AssertionError(jar + " holds no Hazelcast"));
		}
	}

	/** The first fenced block of a language in the text. */
	private static String block(String text, String language) {
		String fence = "```" + language + "\n";
		int start = text.indexOf(fence);
		assertThat(start).as("a %s block in the README's quick start", language).isNotNegative();
		int end = text.indexOf("```", start + fence.length());
		return text.substring(start + fence.length(), end);
	}

	private static String property(String name) {
		String value = System.getProperty(name);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException(
					"No " + name + ": run this test with Maven (./mvnw -pl cluster-spring-boot-starter -am verify)");
		}
		return value;
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (var paths = Files.walk(directory)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
