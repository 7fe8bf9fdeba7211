package dev.podcluster.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus alert rules users load ({@code docs/alerts/cluster-alerts.yaml}),
 * checked by Prometheus's own {@code promtool}: the rules parse, and their unit tests
 * (input series and the alerts they must raise, {@code cluster-alerts-test.yaml}) pass.
 */
class AlertRulesTests {

	private static final Path ALERTS = Path.of(System.getProperty("basedir", ""))
		.toAbsolutePath()
		.getParent()
		.resolve("docs/alerts");

	@Test
	void theRulesParse() throws Exception {
		assertPromtool("check", "rules", "cluster-alerts.yaml");
	}

	@Test
	void theRulesRaiseTheAlertsTheirTestsExpect() throws Exception {
		assertPromtool("test", "rules", "cluster-alerts-test.yaml");
	}

	private static void assertPromtool(String... arguments) throws Exception {
		String[] command = new String[arguments.length + 1];
		command[0] = Promtool.find("test the alert rules in docs/alerts").toString();
		System.arraycopy(arguments, 0, command, 1, arguments.length);
		Process process = new ProcessBuilder(command).directory(ALERTS.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool ended").isTrue();
		assertThat(process.exitValue()).as("promtool %s; output:%n%s", String.join(" ", arguments), output).isZero();
		assertThat(output).contains("SUCCESS");
	}

}
