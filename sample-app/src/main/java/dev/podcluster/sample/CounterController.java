package dev.podcluster.sample;

import java.util.Map;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A cluster-wide counter: {@code POST /counter} on any instance increments it,
 * {@code GET /counter} reads it. The POST takes {@code Content-Type: application/json}
 * only: a plain HTML form on another site cannot send that type, and a cross-site script
 * that tries needs a CORS preflight the sample never grants.
 */
@RestController
@RequestMapping("/counter")
class CounterController {

	private static final String KEY = "value";

	private final IMap<String, Long> counter;

	CounterController(HazelcastInstance hazelcast) {
		this.counter = hazelcast.getMap(SharedStateConfiguration.COUNTER_MAP);
	}

	@GetMapping
	Map<String, Long> read() {
		Long value = this.counter.get(KEY);
		return Map.of(KEY, (value != null) ? value : 0L);
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Long> increment() {
		// Runs on the key's owner, under its partition lock: atomic without the CP
		// subsystem.
		return Map.of(KEY, this.counter.executeOnKey(KEY, new Increment()));
	}

	static final class Increment implements EntryProcessor<String, Long, Long> {

		private static final long serialVersionUID = 1L;

		@Override
		public Long process(Map.Entry<String, Long> entry) {
			long next = ((entry.getValue() != null) ? entry.getValue() : 0L) + 1;
			entry.setValue(next);
			return next;
		}

	}

}
