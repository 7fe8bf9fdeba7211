package dev.podcluster.sample;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.podcluster.naming.NodeIdentity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A cluster singleton: every member schedules the job, only the oldest runs it, so it
 * runs on exactly one member and moves to the next oldest when that one leaves. (While a
 * network split lasts, each side has its own oldest member.)
 */
@Component
class ClusterSingletonJob {

	static final String KEY = "job";

	private final OldestMember oldest;

	private final IMap<String, SingletonRecord> records;

	private final String nodeName;

	ClusterSingletonJob(OldestMember oldest, HazelcastInstance hazelcast, ObjectProvider<NodeIdentity> identity) {
		this.oldest = oldest;
		this.records = hazelcast.getMap(SharedStateConfiguration.SINGLETON_MAP);
		this.nodeName = NodeName.of(identity, hazelcast);
	}

	@Scheduled(fixedDelay = 2, timeUnit = TimeUnit.SECONDS)
	void run() {
		if (!this.oldest.isThisMember()) {
			return;
		}
		try {
			this.records.executeOnKey(KEY, new RecordRun(this.nodeName));
		}
		catch (HazelcastInstanceNotActiveException ex) {
			// This member is leaving: the next oldest takes over.
		}
	}

	record RecordRun(String nodeName) implements EntryProcessor<String, SingletonRecord, SingletonRecord> {

		@Override
		public SingletonRecord process(Map.Entry<String, SingletonRecord> entry) {
			long runs = (entry.getValue() != null) ? entry.getValue().runs() : 0;
			SingletonRecord next = new SingletonRecord(runs + 1, this.nodeName);
			entry.setValue(next);
			return next;
		}

	}

}
