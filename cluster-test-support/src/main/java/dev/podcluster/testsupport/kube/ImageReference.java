package dev.podcluster.testsupport.kube;

/**
 * Container image references in the normalized form a container runtime compares them in
 * ({@code nginx} is {@code docker.io/library/nginx:latest}).
 */
final class ImageReference {

	private ImageReference() {
	}

	/**
	 * Normalize a reference.
	 * @param reference as written in a pod spec or the images file
	 * @return the fully qualified reference
	 */
	static String normalize(String reference) {
		String name = reference.strip();
		String digest = "";
		int at = name.indexOf('@');
		if (at >= 0) {
			digest = name.substring(at);
			name = name.substring(0, at);
		}
		int slash = name.indexOf('/');
		String first = (slash >= 0) ? name.substring(0, slash) : "";
		boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
		if (!hasRegistry) {
			name = "docker.io/" + ((slash >= 0) ? name : "library/" + name);
		}
		int lastSlash = name.lastIndexOf('/');
		boolean hasTag = name.indexOf(':', lastSlash + 1) >= 0;
		if (!hasTag && digest.isEmpty()) {
			name = name + ":latest";
		}
		return name + digest;
	}

}
