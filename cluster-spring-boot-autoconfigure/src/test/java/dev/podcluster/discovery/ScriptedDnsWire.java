package dev.podcluster.discovery;

import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.Message;
import org.xbill.DNS.io.IoClientFactory;
import org.xbill.DNS.io.TcpIoClient;
import org.xbill.DNS.io.UdpIoClient;

/**
 * A DNS server's side of the wire that answers each query, over UDP or TCP, with the next
 * answer of a script, whatever was asked: a hostile or broken server. Once the script is
 * used up, every query times out at once.
 * <p>
 * A script is a sequence of frames, each a two-byte length and that many bytes. A frame
 * whose first byte is even is an answer as it goes on the wire (its message ID is set to
 * the query's, or dnsjava would drop it unread); one whose first byte is odd is the
 * query's own header and question turned into a response, with flags and section counts
 * from the next eight bytes and the rest as records, so that mutations spend their time
 * on the records.
 */
final class ScriptedDnsWire implements IoClientFactory {

	private final Deque<byte[]> answers = new ArrayDeque<>();

	private final AtomicInteger queries = new AtomicInteger();

	/**
	 * Replaces the script.
	 * @param script frames, as described on the class
	 */
	synchronized void script(byte[] script) {
		this.answers.clear();
		this.queries.set(0);
		ByteBuffer frames = ByteBuffer.wrap(script);
		while (frames.remaining() >= 2) {
			int length = Math.min(frames.getShort() & 0xFFFF, frames.remaining());
			byte[] frame = new byte[length];
			frames.get(frame);
			this.answers.add(frame);
		}
	}

	/** Returns how many queries were sent since the script was set. */
	int queries() {
		return this.queries.get();
	}

	private synchronized CompletableFuture<byte[]> answer(Message query, byte[] wire) {
		this.queries.incrementAndGet();
		byte[] frame = this.answers.poll();
		if (frame == null || frame.length == 0) {
			return CompletableFuture.failedFuture(new SocketTimeoutException("the script has no more answers"));
		}
		return CompletableFuture.completedFuture(((frame[0] & 1) == 0) ? raw(frame, query) : echo(frame, wire));
	}

	private static byte[] raw(byte[] frame, Message query) {
		byte[] answer = new byte[frame.length - 1];
		System.arraycopy(frame, 1, answer, 0, answer.length);
		if (answer.length >= 2) {
			answer[0] = (byte) (query.getHeader().getID() >>> 8);
			answer[1] = (byte) query.getHeader().getID();
		}
		return answer;
	}

	private static byte[] echo(byte[] frame, byte[] query) {
		int question = questionEnd(query);
		ByteBuffer controls = ByteBuffer.allocate(8);
		// Absolute reads: what the frame lacks reads as zero.
		controls.put(frame, 1, Math.min(8, frame.length - 1));
		int records = Math.max(0, frame.length - 9);
		ByteBuffer answer = ByteBuffer.allocate(question + records);
		answer.put(query, 0, 2);
		// QR, the query's opcode and RD, then the script's AA, TC, RA, Z and RCODE bits.
		answer.putShort((short) (0x8000 | (query[2] & 0x79) << 8 | controls.getShort(0) & 0x06FF));
		answer.putShort((short) 1);
		answer.putShort(controls.getShort(2));
		answer.putShort(controls.getShort(4));
		answer.putShort(controls.getShort(6));
		answer.put(query, 12, question - 12);
		if (records > 0) {
			answer.put(frame, 9, records);
		}
		return answer.array();
	}

	/** The offset just past the question of a query: its name, type and class. */
	private static int questionEnd(byte[] query) {
		int offset = 12;
		while (offset < query.length && query[offset] != 0) {
			offset += (query[offset] & 0xFF) + 1;
		}
		return Math.min(offset + 1 + 4, query.length);
	}

	@Override
	public TcpIoClient createOrGetTcpClient() {
		return (local, remote, query, data, timeout) -> answer(query, data);
	}

	@Override
	public UdpIoClient createOrGetUdpClient() {
		return (local, remote, query, data, max, timeout) -> answer(query, data);
	}

}
