package dev.podcluster.testsupport.kube;

/**
 * A container that cannot be configured from its spec and the objects it refers to
 * (kubelet's {@code CreateContainerConfigError}).
 */
final class ContainerConfigException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	ContainerConfigException(String message) {
		super(message);
	}

}
