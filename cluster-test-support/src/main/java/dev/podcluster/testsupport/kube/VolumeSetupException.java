package dev.podcluster.testsupport.kube;

/**
 * A volume that cannot be set up yet (kubelet's {@code FailedMount}): the pod waits and
 * tries again.
 */
final class VolumeSetupException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	VolumeSetupException(String message) {
		super(message);
	}

}
