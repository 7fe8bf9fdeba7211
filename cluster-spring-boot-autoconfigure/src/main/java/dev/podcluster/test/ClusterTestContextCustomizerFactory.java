package dev.podcluster.test;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Keeps the member of every Spring test context to the test's JVM, with the number of
 * members {@link TestCluster} asks for (one without it). Registered in
 * {@code META-INF/spring.factories}, which Spring's TestContext framework reads: no
 * annotation or dependency is needed for a test to be isolated.
 */
final class ClusterTestContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		TestCluster cluster = TestContextAnnotationUtils.findMergedAnnotation(testClass, TestCluster.class);
		int members = (cluster != null) ? cluster.members() : 1;
		if (members < 1) {
			throw new IllegalStateException("@TestCluster(members = " + members + ") on " + testClass.getName()
					+ " asks for no member: set members to 1 or more");
		}
		return new ClusterTestContextCustomizer(members, cluster != null);
	}

}
