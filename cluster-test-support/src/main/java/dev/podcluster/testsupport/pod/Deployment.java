package dev.podcluster.testsupport.pod;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.podcluster.testsupport.dns.HeadlessService;

/**
 * A Deployment: pods {@code <name>-<template hash>-<random>} with neither hostname nor
 * subdomain, so in DNS each is named after its IP,
 * {@code a-b-c-d.<service>.<namespace>.svc.cluster.local}.
 *
 * @since 0.1.0
 */
public final class Deployment extends Workload {

	/** The alphabet Kubernetes uses for generated names (no vowels, no look-alikes). */
	private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

	private String templateHash = random(10);

	Deployment(Kubelet kubelet, HeadlessService service, String name, String serviceName, String namespace,
			PodTemplate template) {
		super(kubelet, service, name, serviceName, namespace, template);
	}

	/**
	 * Scale to a number of replicas: new pods start all at once; surplus pods (the
	 * newest) are terminated all at once.
	 * @param replicas the replicas wanted
	 * @return the pods started or terminated
	 * @throws AssertionError when a terminated pod did not exit within the grace period
	 */
	public List<Pod> scaleTo(int replicas) {
		List<Pod> current = pods();
		if (replicas >= current.size()) {
			List<PodSpec> specs = new ArrayList<>();
			for (int i = current.size(); i < replicas; i++) {
				specs.add(spec());
			}
			return startAll(specs);
		}
		return terminateBeyond(current, replicas);
	}

	/** Start one more pod (a rolling update's surge pod). */
	public Pod startPod() {
		return startAll(List.of(spec())).get(0);
	}

	/**
	 * A new pod template, as after {@code kubectl rollout restart}: new pods get a new
	 * ReplicaSet hash.
	 */
	public void newTemplate() {
		this.templateHash = random(10);
	}

	/**
	 * The DNS name CoreDNS gives a pod of this Deployment: its IP with dashes, under the
	 * Service.
	 */
	public String fqdn(Pod pod) {
		return pod.ip().replace('.', '-') + "." + serviceFqdn();
	}

	private PodSpec spec() {
		return new PodSpec(this.name + "-" + this.templateHash + "-" + random(5), this.namespace, null, null,
				this.template);
	}

	private static String random(int length) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append(ALPHABET.charAt(ThreadLocalRandom.current().nextInt(ALPHABET.length())));
		}
		return text.toString();
	}

}
