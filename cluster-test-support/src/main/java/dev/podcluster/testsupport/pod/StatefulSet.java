package dev.podcluster.testsupport.pod;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.podcluster.testsupport.dns.HeadlessService;

/**
 * A StatefulSet with {@code podManagementPolicy: Parallel}: pods {@code <name>-<ordinal>}
 * with {@code hostname} = pod name and {@code subdomain} = the governing Service, so each
 * has the DNS name {@code <name>-<ordinal>.<service>.<namespace>.svc.cluster.local}.
 *
 * @since 0.1.0
 */
public final class StatefulSet extends Workload {

	StatefulSet(Kubelet kubelet, HeadlessService service, String name, String serviceName, String namespace,
			PodTemplate template) {
		super(kubelet, service, name, serviceName, namespace, template);
	}

	/**
	 * Scale to a number of replicas: missing ordinals start all at once, surplus ones
	 * (the highest) are terminated all at once.
	 * @param replicas the replicas wanted
	 * @return the pods started or terminated
	 * @throws AssertionError when a terminated pod did not exit within the grace period
	 */
	public List<Pod> scaleTo(int replicas) {
		List<Pod> current = new ArrayList<>(pods());
		current.sort(Comparator.comparingInt(this::ordinal));
		if (replicas >= current.size()) {
			List<PodSpec> specs = new ArrayList<>();
			for (int ordinal = current.size(); ordinal < replicas; ordinal++) {
				specs.add(spec(ordinal));
			}
			return startAll(specs);
		}
		return terminateBeyond(current, replicas);
	}

	/** The running pod with this ordinal. */
	public Pod pod(int ordinal) {
		return pods().stream()
			.filter((pod) -> ordinal(pod) == ordinal)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No pod " + this.name + "-" + ordinal));
	}

	/**
	 * The DNS name of the pod with this ordinal,
	 * {@code <name>-<ordinal>.<service>.<namespace>.svc.cluster.local}.
	 */
	public String fqdn(int ordinal) {
		return this.name + "-" + ordinal + "." + serviceFqdn();
	}

	/** The DNS name of a pod of this StatefulSet. */
	public String fqdn(Pod pod) {
		return fqdn(ordinal(pod));
	}

	private int ordinal(Pod pod) {
		return Integer.parseInt(pod.name().substring(this.name.length() + 1));
	}

	private PodSpec spec(int ordinal) {
		String pod = this.name + "-" + ordinal;
		return new PodSpec(pod, this.namespace, pod, this.serviceName, this.template);
	}

}
