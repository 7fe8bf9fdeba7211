package dev.podcluster.autoconfigure;

import java.util.Map;

import com.hazelcast.config.Config;
import dev.podcluster.hazelcast.MemberAttributes;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cluster.revision}: the member attribute that tells which revision of its
 * workload a member runs, from the property or the pod's revision label.
 */
class WorkloadRevisionAutoConfigurationTests {

	private final ApplicationContextRunner configRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withPropertyValues("cluster.discovery.mode=none", "cluster.naming.name=app-0",
				"cluster.hazelcast.address=127.0.0.1");

	@Test
	void aStatefulSetPodPublishesItsControllerRevisionHash() {
		// The downward API gives an empty value for the label the controller does not
		// write.
		this.configRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(podVariables(Map.of("CONTROLLER_REVISION_HASH", "app-5d8f7c9b6", "POD_TEMPLATE_HASH", ""))))
			.run((context) -> assertThat(attributes(context.getBean(Config.class)))
				.containsEntry(MemberAttributes.REVISION, "app-5d8f7c9b6"));
	}

	@Test
	void aDeploymentPodPublishesItsPodTemplateHash() {
		this.configRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(podVariables(Map.of("CONTROLLER_REVISION_HASH", "", "POD_TEMPLATE_HASH", "7f6b9c4d2"))))
			.run((context) -> assertThat(attributes(context.getBean(Config.class)))
				.containsEntry(MemberAttributes.REVISION, "7f6b9c4d2"));
	}

	@Test
	void thePropertyWinsOverTheLabel() {
		this.configRunner.withPropertyValues("cluster.revision=2.4.1")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(podVariables(Map.of("POD_TEMPLATE_HASH", "7f6b9c4d2"))))
			.run((context) -> assertThat(attributes(context.getBean(Config.class)))
				.containsEntry(MemberAttributes.REVISION, "2.4.1"));
	}

	@Test
	void aMemberThatKnowsNoRevisionPublishesNone() {
		this.configRunner.withPropertyValues("cluster.revision= ")
			.run((context) -> assertThat(attributes(context.getBean(Config.class)))
				.doesNotContainKey(MemberAttributes.REVISION));
	}

	private static Map<String, String> attributes(Config config) {
		return config.getMemberAttributeConfig().getAttributes();
	}

	private static SystemEnvironmentPropertySource podVariables(Map<String, Object> variables) {
		return new SystemEnvironmentPropertySource("pod-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				variables);
	}

}
