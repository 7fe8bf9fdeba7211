package dev.podcluster.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import dev.podcluster.ClusterPropertyRules;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Address;

/**
 * Seeds from the EndpointSlices of a Service: every endpoint that is ready (a Service
 * with {@code publishNotReadyAddresses} lists a starting pod as ready, as its DNS records
 * do) or still serving, at the named port. An endpoint whose pod is terminating stays a
 * seed while it is ready or serving, marked {@link Seed#terminating()}: it is a member
 * until it leaves, but not one a joining member should wait for or claim mastership with.
 * Each seed carries the zone and node of its endpoint, which is how a member learns where
 * it runs itself.
 */
final class EndpointSliceSeeds {

	private final String service;

	private final String portName;

	private final int defaultPort;

	private final @Nullable AddressFamily family;

	/**
	 * Creates the reading of one Service's EndpointSlices.
	 * @param service the Service as {@code namespace/name}, for messages
	 * @param portName the name of the Service port Hazelcast listens on, empty for
	 * {@code defaultPort}
	 * @param defaultPort the member port, {@code cluster.hazelcast.port}
	 * @param family the family of this node's own address, or {@code null} when unknown:
	 * the IPv4 slices, else the IPv6 ones
	 */
	EndpointSliceSeeds(String service, String portName, int defaultPort, @Nullable AddressFamily family) {
		this.service = service;
		this.portName = portName;
		this.defaultPort = defaultPort;
		this.family = family;
	}

	/**
	 * Returns the seeds these slices list.
	 * @param slices the Service's EndpointSlices, at least one
	 * @return the answer
	 * @throws SeedLookupException when the slices list no endpoint at the port, saying
	 * why
	 */
	SeedAnswer answer(Collection<EndpointSlice> slices) throws SeedLookupException {
		List<EndpointSlice> ofFamily = ofFamily(slices);
		Set<Seed> seeds = new LinkedHashSet<>();
		List<String> records = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		Map<String, Integer> otherPorts = new LinkedHashMap<>();
		for (EndpointSlice slice : ofFamily) {
			Integer port = port(slice, otherPorts);
			if (port == null) {
				continue;
			}
			String sliceName = slice.getMetadata().getName();
			for (Endpoint endpoint : list(slice.getEndpoints())) {
				Conditions conditions = Conditions.of(endpoint.getConditions());
				String name = name(endpoint);
				for (String ip : list(endpoint.getAddresses())) {
					InetSocketAddress address = address(ip, port);
					String shown = name + " " + ((address != null) ? Seed.format(address) : ip + ":" + port);
					records.add(sliceName + ": " + shown + " " + conditions + place(endpoint));
					if (address == null) {
						skipped.add(shown + ": not an IP address");
					}
					else if (!conditions.ready() && !conditions.serving()) {
						skipped.add(shown + ": " + (conditions.terminating() ? "terminating, no longer serving"
								: "not ready (the Service lists not-ready pods only with publishNotReadyAddresses)"));
					}
					else {
						seeds.add(new Seed(name, address, conditions.terminating(), text(endpoint.getZone()),
								text(endpoint.getNodeName())));
					}
				}
			}
		}
		if (seeds.isEmpty()) {
			throw new SeedLookupException(noSeeds(ofFamily, otherPorts, skipped), fix(ofFamily, otherPorts), null);
		}
		return new SeedAnswer(List.copyOf(seeds), records, skipped, Duration.ZERO);
	}

	/** The slices of this node's family; with none known, the IPv4 ones, else IPv6. */
	private List<EndpointSlice> ofFamily(Collection<EndpointSlice> slices) {
		String wanted = (this.family == AddressFamily.IPV6) ? "IPv6" : "IPv4";
		if (this.family == null && slices.stream().noneMatch((slice) -> "IPv4".equals(slice.getAddressType()))) {
			wanted = "IPv6";
		}
		String type = wanted;
		return slices.stream().filter((slice) -> type.equals(slice.getAddressType())).toList();
	}

	/** The slice's port for Hazelcast, or {@code null} (its ports noted) without one. */
	private @Nullable Integer port(EndpointSlice slice, Map<String, Integer> otherPorts) {
		if (this.portName.isEmpty()) {
			return this.defaultPort;
		}
		for (EndpointPort port : list(slice.getPorts())) {
			if (this.portName.equals(port.getName()) && port.getPort() != null) {
				return port.getPort();
			}
			otherPorts.put(Objects.toString(port.getName(), ""), port.getPort());
		}
		return null;
	}

	private String noSeeds(List<EndpointSlice> ofFamily, Map<String, Integer> otherPorts, List<String> skipped) {
		String family = (this.family == AddressFamily.IPV6) ? "IPv6" : "IPv4";
		if (ofFamily.isEmpty()) {
			return "Service " + this.service + " has no " + ((this.family != null) ? family + " " : "")
					+ "EndpointSlice" + ((this.family != null) ? ", the family of this node's own address" : "");
		}
		if (!otherPorts.isEmpty()
				&& ofFamily.stream().allMatch((slice) -> port(slice, new LinkedHashMap<>()) == null)) {
			return "Service " + this.service + " has no port named '" + this.portName + "'; its ports are "
					+ otherPorts.entrySet()
						.stream()
						.map((port) -> (port.getKey().isEmpty() ? "(unnamed)" : port.getKey()) + " " + port.getValue())
						.collect(Collectors.joining(", "));
		}
		return "Service " + this.service + " lists no endpoint that is ready or serving"
				+ (skipped.isEmpty() ? "" : ": " + String.join("; ", skipped));
	}

	private @Nullable String fix(List<EndpointSlice> ofFamily, Map<String, Integer> otherPorts) {
		if (!otherPorts.isEmpty()
				&& ofFamily.stream().allMatch((slice) -> port(slice, new LinkedHashMap<>()) == null)) {
			return "Name the Service port Hazelcast listens on '" + this.portName + "', or set "
					+ ClusterPropertyRules.DISCOVERY_KUBERNETES_API_PORT_NAME + " to its name.";
		}
		return "Check that the Service's selector matches this workload's pod labels, and that it sets"
				+ " publishNotReadyAddresses: true so that starting members are listed.";
	}

	private static String name(Endpoint endpoint) {
		if (endpoint.getTargetRef() != null && endpoint.getTargetRef().getName() != null) {
			return endpoint.getTargetRef().getName();
		}
		if (endpoint.getHostname() != null) {
			return endpoint.getHostname();
		}
		return list(endpoint.getAddresses()).stream().findFirst().orElse("?");
	}

	/**
	 * Where the endpoint runs, as the EndpointSlice controller copied it from its Node.
	 */
	private static String place(Endpoint endpoint) {
		String zone = text(endpoint.getZone());
		String node = text(endpoint.getNodeName());
		return ((zone != null) ? " zone " + zone : "") + ((node != null) ? " node " + node : "");
	}

	private static @Nullable String text(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value.trim() : null;
	}

	private static @Nullable InetSocketAddress address(String ip, int port) {
		try {
			InetAddress address = Address.getByAddress(ip);
			return new InetSocketAddress(address, port);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static <T> List<T> list(@Nullable List<T> items) {
		return (items != null) ? items : List.of();
	}

	/**
	 * An endpoint's conditions; an unset one reads as the API documents it.
	 *
	 * @param ready whether the endpoint is ready (unset: ready)
	 * @param serving whether the pod is ready, terminating or not (unset: as ready)
	 * @param terminating whether the pod is terminating (unset: not)
	 */
	record Conditions(boolean ready, boolean serving, boolean terminating) {

		static Conditions of(@Nullable EndpointConditions conditions) {
			if (conditions == null) {
				return new Conditions(true, true, false);
			}
			boolean ready = !Boolean.FALSE.equals(conditions.getReady());
			boolean serving = (conditions.getServing() != null) ? conditions.getServing() : ready;
			return new Conditions(ready, serving, Boolean.TRUE.equals(conditions.getTerminating()));
		}

		@Override
		public String toString() {
			return (this.ready ? "ready" : "not-ready") + (this.serving ? " serving" : "")
					+ (this.terminating ? " terminating" : "");
		}

	}

}
