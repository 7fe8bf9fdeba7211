package dev.podcluster.hazelcast;

/**
 * Hazelcast member attributes this starter sets, so every member knows every other's
 * name.
 *
 * @since 0.1.0
 */
public final class MemberAttributes {

	/** The node's stable name, e.g. {@code app-0.app.default.svc.cluster.local}. */
	public static final String NODE_NAME = "cluster.node-name";

	/**
	 * How the name was chosen: {@code statefulset}, {@code pod-ip}, {@code host} or
	 * {@code explicit}.
	 */
	public static final String NAMING_MODE = "cluster.naming-mode";

	private MemberAttributes() {
	}

}
