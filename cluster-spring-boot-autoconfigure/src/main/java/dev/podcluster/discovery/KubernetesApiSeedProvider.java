package dev.podcluster.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.podcluster.ClusterPropertyRules;
import dev.podcluster.InvalidClusterConfigurationException;
import dev.podcluster.naming.ServiceLocation;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Seeds from a watch on the EndpointSlices of the headless Service (label
 * {@code kubernetes.io/service-name}), through the Kubernetes API. The first lookup lists
 * the slices and starts the watch; each event updates them and asks the tracker for a
 * lookup, which reads them. When the watch ends (the API server restarted, was
 * unreachable, or expired the version watched), the next lookup lists them again and
 * starts a new watch; while that fails, the lookup fails, so the tracker keeps the last
 * good seeds and backs off as it does for DNS. A watch lasts {@link #WATCH_LIFETIME} at
 * most: the first lookup after it lists the slices again and starts a new one, so a watch
 * whose connection died without a word (the API server stopped, a network path gone)
 * neither hides that from the tracker nor keeps stale slices for longer than that.
 */
final class KubernetesApiSeedProvider implements SeedProvider, AutoCloseable {

	private static final Log logger = LogFactory.getLog(KubernetesApiSeedProvider.class);

	/**
	 * How long one watch is trusted: then the slices are listed again and a new watch
	 * starts (as client-go's reflectors bound their watches).
	 */
	static final Duration WATCH_LIFETIME = Duration.ofSeconds(60);

	/** The label the EndpointSlice controller gives every slice of a Service. */
	static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

	private final KubernetesClient client;

	private final ServiceLocation service;

	private final String portName;

	private final EndpointSliceSeeds reading;

	/** Why this pod has no credentials for the API server, or {@code null}. */
	private final @Nullable String credentials;

	/** The Service's slices by name, as the last list and the watch since tell. */
	private final Map<String, EndpointSlice> slices = new ConcurrentHashMap<>();

	/** Counts the watches started: events of an ended one are ignored. */
	private final AtomicInteger generation = new AtomicInteger();

	private volatile @Nullable Watch watch;

	private volatile boolean watching;

	private final Duration watchLifetime;

	/** When the current watch started ({@link System#nanoTime()}). */
	private volatile long watchStarted;

	private volatile Runnable changed = () -> {
	};

	private volatile boolean closed;

	/**
	 * Creates a provider; nothing is asked of the API server before the first lookup.
	 * @param client the Kubernetes client, closed with this provider
	 * @param service the headless Service
	 * @param portName the Service port Hazelcast listens on, empty for
	 * {@code defaultPort}
	 * @param defaultPort the member port
	 * @param family the family of this node's own address, or {@code null}
	 */
	KubernetesApiSeedProvider(KubernetesClient client, ServiceLocation service, String portName, int defaultPort,
			@Nullable AddressFamily family) {
		this(client, service, portName, defaultPort, family, null, WATCH_LIFETIME);
	}

	KubernetesApiSeedProvider(KubernetesClient client, ServiceLocation service, String portName, int defaultPort,
			@Nullable AddressFamily family, @Nullable String credentials, Duration watchLifetime) {
		this.credentials = credentials;
		this.watchLifetime = watchLifetime;
		this.client = client;
		this.service = service;
		this.portName = portName;
		this.reading = new EndpointSliceSeeds(shown(service), portName, defaultPort, family);
	}

	/**
	 * Returns a provider whose client is configured as fabric8 configures itself in a
	 * pod: the service account's token, CA certificate and the API server from
	 * {@code KUBERNETES_SERVICE_HOST} (or a kubeconfig outside a pod).
	 * @param service the headless Service
	 * @param portName the Service port Hazelcast listens on, empty for {@code port}
	 * @param port the member port
	 * @param family the family of this node's own address, or {@code null}
	 * @param timeout how long to wait for the API server to connect and answer
	 * @return the provider
	 */
	static KubernetesApiSeedProvider inCluster(ServiceLocation service, String portName, int port,
			@Nullable AddressFamily family, Duration timeout) {
		Config config = clientConfig(Config.autoConfigure(null), timeout);
		try {
			return new KubernetesApiSeedProvider(new KubernetesClientBuilder().withConfig(config).build(), service,
					portName, port, family, KubernetesApiFailures.tokenProblem(), WATCH_LIFETIME);
		}
		catch (RuntimeException ex) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.DISCOVERY_MODE,
					"kubernetes-api discovery cannot create a Kubernetes client: " + ex.getMessage(),
					"Add " + KubernetesApiDiscovery.DEPENDENCIES
							+ " to the application's dependencies (docs/kubernetes.md).");
		}
	}

	/**
	 * The client's settings: the timeouts, and neither a retry nor a reconnect inside the
	 * client. When a watch breaks, the provider lists again, and a request that fails
	 * (the API server stopped) is shown and backed off from like any failed lookup; with
	 * the client's own retries (ten, about 20 s) a lookup would wait out an outage of
	 * that length and show nothing.
	 * @param base the API server, credentials and namespace
	 * @param timeout how long to wait for the API server to connect and answer
	 * @return the settings
	 */
	static Config clientConfig(Config base, Duration timeout) {
		int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
		return new ConfigBuilder(base).withConnectionTimeout(millis)
			.withRequestTimeout(millis)
			.withRequestRetryBackoffLimit(0)
			.withWatchReconnectLimit(0)
			.build();
	}

	@Override
	public String name() {
		return DiscoveryMode.KUBERNETES_API.configValue();
	}

	@Override
	public String query() {
		return "EndpointSlices of Service " + shown(this.service)
				+ (this.portName.isEmpty() ? "" : ", port " + this.portName);
	}

	@Override
	public boolean listsEveryMember() {
		return true;
	}

	@Override
	public boolean locatesSeeds() {
		return true;
	}

	@Override
	public void onChange(Runnable changed) {
		this.changed = changed;
	}

	@Override
	public synchronized SeedAnswer lookup() throws SeedLookupException {
		if (!this.watching || System.nanoTime() - this.watchStarted >= this.watchLifetime.toNanos()) {
			listAndWatch();
		}
		if (this.slices.isEmpty()) {
			throw noSlices();
		}
		return this.reading.answer(List.copyOf(this.slices.values()));
	}

	private void listAndWatch() throws SeedLookupException {
		EndpointSliceList list;
		try {
			list = endpointSlices().list();
		}
		catch (KubernetesClientException ex) {
			throw KubernetesApiFailures.of("list", this.service, ex, this.credentials);
		}
		this.slices.clear();
		list.getItems().forEach((slice) -> this.slices.put(slice.getMetadata().getName(), slice));
		int current = this.generation.incrementAndGet();
		Watch previous = this.watch;
		if (previous != null) {
			previous.close();
		}
		try {
			this.watch = endpointSlices()
				.watch(new ListOptionsBuilder().withResourceVersion(list.getMetadata().getResourceVersion())
					.withAllowWatchBookmarks(true)
					// The API server ends it after this, should this client vanish; the
					// lookup replaces it sooner.
					.withTimeoutSeconds(this.watchLifetime.toSeconds() + 30)
					.build(), new SliceWatcher(current));
			this.watchStarted = System.nanoTime();
			this.watching = true;
		}
		catch (KubernetesClientException ex) {
			throw KubernetesApiFailures.of("watch", this.service, ex, this.credentials);
		}
	}

	/** Why a Service has no EndpointSlice: it does not exist, or selects no pod. */
	private SeedLookupException noSlices() {
		Service found;
		try {
			found = this.client.services()
				.inNamespace(this.service.namespace())
				.withName(this.service.serviceName())
				.get();
		}
		catch (KubernetesClientException ex) {
			return new SeedLookupException(
					"no EndpointSlice has the label " + SERVICE_NAME_LABEL + "=" + this.service.serviceName()
							+ " in namespace " + this.service.namespace()
							+ ": the Service does not exist or selects no pod (reading the Service itself failed: "
							+ KubernetesApiFailures.of("get", this.service, ex, this.credentials).getMessage() + ")",
					ServiceFixes.MISSING, null);
		}
		if (found == null) {
			return new SeedLookupException("Service " + shown(this.service) + " does not exist", ServiceFixes.MISSING,
					null);
		}
		List<ServicePort> ports = (found.getSpec() != null && found.getSpec().getPorts() != null)
				? found.getSpec().getPorts() : List.of();
		if (!this.portName.isEmpty() && ports.stream().noneMatch((port) -> this.portName.equals(port.getName()))) {
			return new SeedLookupException(
					"Service " + shown(this.service) + " has no port named '" + this.portName + "'; its ports are "
							+ ports.stream()
								.map((port) -> ((port.getName() != null) ? port.getName() : "(unnamed)") + " "
										+ port.getPort())
								.collect(Collectors.joining(", ")),
					"Name the Service port Hazelcast listens on '" + this.portName + "', or set "
							+ ClusterPropertyRules.DISCOVERY_KUBERNETES_API_PORT_NAME + " to its name.",
					null);
		}
		return new SeedLookupException("Service " + shown(this.service) + " selects no pod: it has no EndpointSlice",
				"Check that the Service's selector matches this workload's pod labels"
						+ " (kubectl get endpointslices -l " + SERVICE_NAME_LABEL + "=" + this.service.serviceName()
						+ " -n " + this.service.namespace() + ").",
				null);
	}

	private FilterWatchListDeletable<EndpointSlice, EndpointSliceList, Resource<EndpointSlice>> endpointSlices() {
		return this.client.discovery()
			.v1()
			.endpointSlices()
			.inNamespace(this.service.namespace())
			.withLabel(SERVICE_NAME_LABEL, this.service.serviceName());
	}

	static String shown(ServiceLocation service) {
		return service.namespace() + "/" + service.serviceName();
	}

	@Override
	public void close() {
		this.closed = true;
		this.generation.incrementAndGet();
		Watch current = this.watch;
		if (current != null) {
			current.close();
		}
		this.client.close();
	}

	/** The fixes for a Service that is not there. */
	private static final class ServiceFixes {

		static final String MISSING = "Create the headless Service that selects this workload's pods, or set "
				+ ClusterPropertyRules.KUBERNETES_SERVICE_NAME + " (and " + ClusterPropertyRules.KUBERNETES_NAMESPACE
				+ ") to it.";

	}

	/** Takes the events of one watch, until it ends or another replaces it. */
	private final class SliceWatcher implements Watcher<EndpointSlice> {

		private final int generation;

		SliceWatcher(int generation) {
			this.generation = generation;
		}

		private boolean current() {
			return !KubernetesApiSeedProvider.this.closed
					&& this.generation == KubernetesApiSeedProvider.this.generation.get();
		}

		@Override
		public void eventReceived(Action action, EndpointSlice slice) {
			if (!current()) {
				return;
			}
			Map<String, EndpointSlice> slices = KubernetesApiSeedProvider.this.slices;
			switch (action) {
				case ADDED, MODIFIED -> slices.put(slice.getMetadata().getName(), slice);
				case DELETED -> slices.remove(slice.getMetadata().getName());
				default -> {
					// a bookmark moves the version watched, an error ends the watch
					return;
				}
			}
			KubernetesApiSeedProvider.this.changed.run();
		}

		@Override
		public void onClose() {
			ended("it was closed by the API server");
		}

		@Override
		public void onClose(WatcherException cause) {
			ended(cause.isHttpGone() ? "the version watched expired" : String.valueOf(cause.getMessage()));
		}

		private void ended(String why) {
			if (!current()) {
				return;
			}
			KubernetesApiSeedProvider.this.watching = false;
			logger.info("The watch on the EndpointSlices of Service " + shown(KubernetesApiSeedProvider.this.service)
					+ " ended (" + why + "): listing them again");
			KubernetesApiSeedProvider.this.changed.run();
		}

	}

}
