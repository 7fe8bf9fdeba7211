package dev.podcluster.sample;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /singleton}: whether the cluster singleton runs on this member, and what it
 * has done so far.
 */
@RestController
class SingletonController {

	private final OldestMember oldest;

	private final IMap<String, SingletonRecord> records;

	SingletonController(OldestMember oldest, HazelcastInstance hazelcast) {
		this.oldest = oldest;
		this.records = hazelcast.getMap(SharedStateConfiguration.SINGLETON_MAP);
	}

	@GetMapping("/singleton")
	SingletonStatus status() {
		SingletonRecord record = this.records.get(ClusterSingletonJob.KEY);
		return new SingletonStatus(this.oldest.isThisMember(), (record != null) ? record.lastRunBy() : null,
				(record != null) ? record.runs() : 0);
	}

	record SingletonStatus(boolean runningHere, @Nullable String lastRunBy, long runs) {

	}

}
