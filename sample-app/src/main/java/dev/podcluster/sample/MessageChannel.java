package dev.podcluster.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.topic.ITopic;
import dev.podcluster.naming.NodeIdentity;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One channel for the whole cluster, like a Phoenix channel: a message published on any
 * member reaches the subscribers of every member. Backed by a Hazelcast reliable topic,
 * whose ring buffer keeps recent messages, so a new subscriber sees the latest ones and a
 * reconnecting one resumes after the last it saw.
 */
@Component
class MessageChannel implements SmartLifecycle {

	private static final String TOPIC = "messages";

	/** How many recent messages a new subscriber gets first. */
	private static final int RECENT = 20;

	// EventSource reconnects on its own (with Last-Event-ID): a bounded stream also frees
	// subscribers that vanished.
	private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(1);

	private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

	private final ITopic<ChannelMessage> topic;

	private final Ringbuffer<?> history;

	private final String nodeName;

	private final Clock clock;

	private final Map<UUID, SseEmitter> subscribers = new ConcurrentHashMap<>();

	/** One permit per subscriber this pod still takes. */
	private final Semaphore places;

	private volatile boolean running;

	MessageChannel(HazelcastInstance hazelcast, ObjectProvider<NodeIdentity> identity, SampleLimits limits) {
		this.places = new Semaphore(limits.streamSubscribers());
		this.topic = hazelcast.getReliableTopic(TOPIC);
		// Every Hazelcast client and member names a reliable topic's ring buffer so.
		this.history = hazelcast.getRingbuffer("_hz_rb_" + TOPIC);
		this.nodeName = NodeName.of(identity, hazelcast);
		this.clock = Clock.systemUTC();
	}

	ChannelMessage publish(String text) {
		ChannelMessage message = new ChannelMessage(text, this.nodeName, this.clock.instant());
		this.topic.publish(message);
		return message;
	}

	/**
	 * Subscribes a Server-Sent Events stream, starting after {@code lastEventId} when the
	 * ring buffer still holds what came next, else with the recent messages.
	 * @param lastEventId the id of the last event the client saw, or {@code null}
	 * @return the stream, or {@code null} when this pod already has
	 * {@code sample.limits.stream-subscribers} of them
	 */
	@Nullable SseEmitter subscribe(@Nullable Long lastEventId) {
		SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
		if (!this.running) {
			// Stopping: the client reconnects, to a member that is not.
			emitter.complete();
			return emitter;
		}
		if (!this.places.tryAcquire()) {
			return null;
		}
		try {
			// Sent first, so the response starts now (a client knows it is subscribed),
			// not with the next message.
			emitter.send(SseEmitter.event().reconnectTime(RECONNECT_DELAY.toMillis()).comment("node " + this.nodeName));
		}
		catch (IOException ex) {
			this.places.release();
			throw new UncheckedIOException(ex);
		}
		MessageSubscription subscription = new MessageSubscription(emitter, firstSequence(lastEventId));
		UUID id = this.topic.addMessageListener(subscription);
		this.subscribers.put(id, emitter);
		Runnable unsubscribe = () -> unsubscribe(id);
		subscription.whenGone(unsubscribe);
		emitter.onCompletion(unsubscribe);
		emitter.onTimeout(() -> {
			unsubscribe.run();
			// Ends the stream normally: the client reconnects with Last-Event-ID.
			emitter.complete();
		});
		emitter.onError((ex) -> unsubscribe.run());
		return emitter;
	}

	private long firstSequence(@Nullable Long lastEventId) {
		long head = this.history.headSequence();
		long tail = this.history.tailSequence();
		if (lastEventId != null && lastEventId >= head - 1 && lastEventId <= tail) {
			return lastEventId + 1;
		}
		return Math.max(head, tail - RECENT + 1);
	}

	private void unsubscribe(UUID id) {
		if (this.subscribers.remove(id) != null) {
			this.topic.removeMessageListener(id);
			this.places.release();
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		// An open stream would hold up the web server's graceful shutdown until it times
		// out.
		this.running = false;
		this.subscribers.forEach((id, emitter) -> {
			unsubscribe(id);
			emitter.complete();
		});
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stopped before the web server's graceful shutdown starts waiting for open
		// requests.
		return DEFAULT_PHASE;
	}

}
