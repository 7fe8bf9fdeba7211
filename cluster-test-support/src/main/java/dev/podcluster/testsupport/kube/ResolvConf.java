package dev.podcluster.testsupport.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;

/**
 * A pod's {@code /etc/resolv.conf} as kubelet computes it from {@code dnsPolicy} and
 * {@code dnsConfig} and the container runtime writes it.
 *
 * @param nameservers the name servers, in order
 * @param searches the search domains, in order
 * @param options the options ({@code name} or {@code name:value})
 */
record ResolvConf(List<String> nameservers, List<String> searches, List<String> options) {

	// Kubelet's limits (pkg/apis/core/validation): at most 3 name servers, 32 search
	// domains, 2048 characters.
	private static final int MAX_NAMESERVERS = 3;

	private static final int MAX_SEARCHES = 32;

	private static final int MAX_SEARCH_CHARACTERS = 2048;

	/**
	 * Parse a resolv.conf, as kubelet reads the host's.
	 * @param content the file's content
	 * @return what it says
	 */
	static ResolvConf parse(String content) {
		List<String> nameservers = new ArrayList<>();
		List<String> searches = new ArrayList<>();
		List<String> options = new ArrayList<>();
		for (String line : content.split("\n")) {
			int comment = indexOfComment(line);
			String[] fields = line.substring(0, comment).strip().split("\\s+");
			if (fields.length < 2) {
				continue;
			}
			switch (fields[0]) {
				case "nameserver" -> nameservers.add(fields[1]);
				case "search", "domain" -> {
					// As the resolver: the last search or domain line wins.
					searches.clear();
					for (int i = 1; i < fields.length; i++) {
						if (!fields[i].equals(".")) {
							searches.add(fields[i].endsWith(".") ? fields[i].substring(0, fields[i].length() - 1)
									: fields[i]);
						}
					}
				}
				case "options" -> options.addAll(List.of(fields).subList(1, fields.length));
				default -> {
				}
			}
		}
		return new ResolvConf(nameservers, searches, options);
	}

	private static int indexOfComment(String line) {
		int hash = line.indexOf('#');
		int semicolon = line.indexOf(';');
		int comment = line.length();
		if (hash >= 0) {
			comment = hash;
		}
		if (semicolon >= 0 && semicolon < comment) {
			comment = semicolon;
		}
		return comment;
	}

	/**
	 * The pod's configuration, as kubelet derives it.
	 * @param pod the pod
	 * @param host the host's configuration (kubelet's {@code --resolv-conf})
	 * @param clusterDns the cluster DNS service IP
	 * @param clusterDomain the cluster domain
	 * @return the pod's configuration
	 */
	static ResolvConf forPod(Pod pod, ResolvConf host, String clusterDns, String clusterDomain) {
		String policy = (pod.getSpec().getDnsPolicy() != null) ? pod.getSpec().getDnsPolicy() : "ClusterFirst";
		boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
		ResolvConf base = switch (policy) {
			case "None" -> new ResolvConf(List.of(), List.of(), List.of());
			case "Default" -> host;
			case "ClusterFirstWithHostNet" -> clusterFirst(pod, host, clusterDns, clusterDomain);
			default -> hostNetwork ? host : clusterFirst(pod, host, clusterDns, clusterDomain);
		};
		return base.merge(pod.getSpec().getDnsConfig()).limited();
	}

	private static ResolvConf clusterFirst(Pod pod, ResolvConf host, String clusterDns, String clusterDomain) {
		String namespace = pod.getMetadata().getNamespace();
		List<String> searches = new ArrayList<>(
				List.of(namespace + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain));
		searches.addAll(host.searches());
		return new ResolvConf(List.of(clusterDns), distinct(searches), List.of("ndots:5"));
	}

	/**
	 * Merge a pod's {@code dnsConfig} into this configuration, as kubelet does for every
	 * policy.
	 * @param dnsConfig the pod's {@code dnsConfig}, or {@code null}
	 * @return the merged configuration
	 */
	ResolvConf merge(@org.jspecify.annotations.Nullable PodDNSConfig dnsConfig) {
		if (dnsConfig == null) {
			return this;
		}
		List<String> nameservers = new ArrayList<>(this.nameservers);
		if (dnsConfig.getNameservers() != null) {
			nameservers.addAll(dnsConfig.getNameservers());
		}
		List<String> searches = new ArrayList<>(this.searches);
		if (dnsConfig.getSearches() != null) {
			searches.addAll(dnsConfig.getSearches());
		}
		Map<String, String> options = new LinkedHashMap<>();
		for (String option : this.options) {
			int colon = option.indexOf(':');
			if (colon >= 0) {
				options.put(option.substring(0, colon), option.substring(colon + 1));
			}
			else {
				options.put(option, "");
			}
		}
		if (dnsConfig.getOptions() != null) {
			for (PodDNSConfigOption option : dnsConfig.getOptions()) {
				options.put(option.getName(), (option.getValue() != null) ? option.getValue() : "");
			}
		}
		List<String> merged = new ArrayList<>();
		options.forEach((name, value) -> merged.add(value.isEmpty() ? name : name + ":" + value));
		return new ResolvConf(distinct(nameservers), distinct(searches), merged);
	}

	private ResolvConf limited() {
		List<String> nameservers = (this.nameservers.size() > MAX_NAMESERVERS)
				? this.nameservers.subList(0, MAX_NAMESERVERS) : this.nameservers;
		List<String> searches = new ArrayList<>();
		int characters = 0;
		for (String search : this.searches) {
			characters += search.length() + ((searches.isEmpty()) ? 0 : 1);
			if (searches.size() == MAX_SEARCHES || characters > MAX_SEARCH_CHARACTERS) {
				break;
			}
			searches.add(search);
		}
		return new ResolvConf(List.copyOf(nameservers), List.copyOf(searches), List.copyOf(this.options));
	}

	private static List<String> distinct(List<String> values) {
		return List.copyOf(new LinkedHashSet<>(values));
	}

	/** The file as containerd writes it: search, then name servers, then options. */
	String render() {
		StringBuilder conf = new StringBuilder();
		if (!this.searches.isEmpty()) {
			conf.append("search ").append(String.join(" ", this.searches)).append('\n');
		}
		for (String nameserver : this.nameservers) {
			conf.append("nameserver ").append(nameserver).append('\n');
		}
		if (!this.options.isEmpty()) {
			conf.append("options ").append(String.join(" ", this.options)).append('\n');
		}
		return conf.toString();
	}

}
