package dev.podcluster.sample;

import java.io.IOException;

import com.hazelcast.topic.Message;
import com.hazelcast.topic.ReliableMessageListener;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One subscriber's reader of the reliable topic: starts at a chosen sequence and sends
 * each message, with its sequence as the event id, to the subscriber's stream.
 */
final class MessageSubscription implements ReliableMessageListener<ChannelMessage> {

	private final SseEmitter emitter;

	private final long firstSequence;

	private volatile long sequence;

	private volatile Runnable whenGone = () -> {
	};

	MessageSubscription(SseEmitter emitter, long firstSequence) {
		this.emitter = emitter;
		this.firstSequence = firstSequence;
	}

	/**
	 * Sets what to do once a send shows the client went away.
	 * @param action the action, e.g. unsubscribing
	 */
	void whenGone(Runnable action) {
		this.whenGone = action;
	}

	@Override
	public long retrieveInitialSequence() {
		return this.firstSequence;
	}

	@Override
	public void storeSequence(long sequence) {
		// Called just before onMessage with the message's sequence: it becomes the event
		// id.
		this.sequence = sequence;
	}

	@Override
	public void onMessage(Message<ChannelMessage> message) {
		try {
			this.emitter.send(SseEmitter.event().id(Long.toString(this.sequence)).data(message.getMessageObject()));
		}
		catch (IOException | IllegalStateException ex) {
			// The client went away. The servlet container need not report it, so free
			// its place here.
			this.whenGone.run();
		}
	}

	@Override
	public boolean isLossTolerant() {
		// A live view, not a ledger: after a lost partition or an overwritten message,
		// carry on from what is there.
		return true;
	}

	@Override
	public boolean isTerminal(Throwable failure) {
		return false;
	}

}
