package dev.podcluster.test;

import java.util.List;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The test context customizer as Spring's TestContext framework drives it: contexts
 * loaded, cached and closed for test classes that run no test of their own.
 */
class ClusterTestContextCustomizerTests {

	private final ClusterTestContextCustomizerFactory factory = new ClusterTestContextCustomizerFactory();

	@Test
	void closingTheTestsContextStopsTheOtherMembers() {
		TestContext test = new TestContextManager(TwoMembers.class).getTestContext();
		ConfigurableApplicationContext context = (ConfigurableApplicationContext) test.getApplicationContext();
		List<ConfigurableApplicationContext> others = context.getBean(TestClusterMembers.class).others();
		assertThat(others).singleElement().satisfies((other) -> assertThat(other.isActive()).isTrue());
		test.markApplicationContextDirty(null);
		assertThat(context.isActive()).isFalse();
		assertThat(others.get(0).isActive()).isFalse();
	}

	@Test
	void aTestThatOptsOutKeepsItsOwnClusterConfiguration() {
		TestContext test = new TestContextManager(OptedOut.class).getTestContext();
		try {
			HazelcastInstance member = test.getApplicationContext().getBean(HazelcastInstance.class);
			assertThat(member.getConfig().getClusterName()).isEqualTo("opted-out");
		}
		finally {
			test.markApplicationContextDirty(null);
		}
	}

	@Test
	void testsWithTheSameNumberOfMembersShareACachedContext() {
		ContextCustomizer plain = this.factory.createContextCustomizer(Plain.class, List.of());
		assertThat(this.factory.createContextCustomizer(OptedOut.class, List.of())).isEqualTo(plain)
			.hasSameHashCodeAs(plain);
		assertThat(this.factory.createContextCustomizer(TwoMembers.class, List.of())).isNotEqualTo(plain)
			.isEqualTo(this.factory.createContextCustomizer(AlsoTwoMembers.class, List.of()));
	}

	@Test
	void aClusterOfNoMembersIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.factory.createContextCustomizer(NoMembers.class, List.of()))
			.withMessageContaining("@TestCluster(members = 0)")
			.withMessageContaining("set members to 1 or more");
	}

	@SpringBootTest(classes = MemberApplication.class)
	static class Plain {

	}

	@SpringBootTest(classes = MemberApplication.class)
	@TestCluster(members = 2)
	static class TwoMembers {

	}

	@TestCluster(members = 2)
	static class AlsoTwoMembers {

	}

	@TestCluster(members = 0)
	static class NoMembers {

	}

	@SpringBootTest(classes = MemberApplication.class, properties = { "cluster.test.isolation.enabled=false",
			"cluster.cluster-name=opted-out", "cluster.discovery.mode=none", "cluster.hazelcast.address=127.0.0.1" })
	static class OptedOut {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MemberApplication {

	}

}
