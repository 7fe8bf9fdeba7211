package dev.podcluster.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the application context of a Spring test (e.g. {@code @SpringBootTest}) one
 * member of a cluster of {@link #members()} members in the test's JVM.
 * <p>
 * The other members are the same application, started from the test's own configuration
 * (its classes, properties and profiles) before the test's context, one after the other:
 * the first of them is the oldest member. They share a cluster name of their own and find
 * each other on 127.0.0.1 only, so the cluster never takes in a member from outside the
 * test, and they are closed with the test's context. The test reaches them through the
 * {@link TestClusterMembers} bean:
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;TestCluster(members = 3)
 * class SharedCacheTests {
 *
 *     &#64;Autowired
 *     TestClusterMembers cluster;
 *
 *     &#64;Test
 *     void everyMemberSeesTheEntry() {
 *         ConfigurableApplicationContext oldest = cluster.others().get(0);
 *         ...
 *     }
 *
 * }
 * </pre>
 *
 * A test that stops a member changes the cluster for the tests that share its cached
 * context: mark it {@code @DirtiesContext}. Without this annotation the test's member
 * runs alone, in a cluster of one.
 *
 * @since 0.1.0
 * @see TestClusterMembers
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface TestCluster {

	/**
	 * How many members the cluster has, the test's own application context included.
	 * @return the number of members, 1 or more
	 */
	int members();

}
