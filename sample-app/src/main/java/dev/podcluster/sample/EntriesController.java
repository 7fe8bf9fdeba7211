package dev.podcluster.sample;

import java.util.Map;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A distributed map with a backup: {@code PUT /entries/{key}} on one instance, {@code GET
 * /entries/{key}} on any.
 */
@RestController
@RequestMapping("/entries")
class EntriesController {

	private final IMap<String, String> entries;

	EntriesController(HazelcastInstance hazelcast) {
		this.entries = hazelcast.getMap(SharedStateConfiguration.ENTRIES_MAP);
	}

	@GetMapping
	Map<String, Integer> size() {
		return Map.of("size", this.entries.size());
	}

	@GetMapping("/{key}")
	ResponseEntity<String> get(@PathVariable String key) {
		String value = this.entries.get(key);
		return (value != null) ? ResponseEntity.ok(value) : ResponseEntity.notFound().build();
	}

	@PutMapping("/{key}")
	ResponseEntity<Void> put(@PathVariable String key, @RequestBody String value) {
		this.entries.set(key, value);
		return ResponseEntity.noContent().build();
	}

}
