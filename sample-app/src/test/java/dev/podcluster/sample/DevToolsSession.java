package dev.podcluster.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Chrome DevTools protocol session with one page, over its WebSocket: commands out,
 * their answers back by id.
 */
final class DevToolsSession implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final AtomicInteger ids = new AtomicInteger();

	private final Answers answers;

	private final WebSocket socket;

	private DevToolsSession(Answers answers, WebSocket socket) {
		this.answers = answers;
		this.socket = socket;
	}

	static DevToolsSession connect(HttpClient http, URI target) {
		Answers answers = new Answers();
		WebSocket socket = http.newWebSocketBuilder()
			.buildAsync(target, answers)
			.orTimeout(30, TimeUnit.SECONDS)
			.join();
		return new DevToolsSession(answers, socket);
	}

	/**
	 * Sends a command and waits for its result.
	 * @param method the protocol method, e.g. {@code Runtime.evaluate}
	 * @param params its parameters
	 * @return the result
	 */
	JsonNode call(String method, ObjectNode params) {
		int id = this.ids.incrementAndGet();
		CompletableFuture<JsonNode> answer = this.answers.expect(id);
		ObjectNode command = json.createObjectNode().put("id", id).put("method", method);
		command.set("params", params);
		this.socket.sendText(json.writeValueAsString(command), true).join();
		JsonNode response = answer.orTimeout(30, TimeUnit.SECONDS).join();
		if (response.has("error")) {
			throw new IllegalStateException(method + " failed: " + response.get("error"));
		}
		return response.get("result");
	}

	@Override
	public void close() {
		this.socket.abort();
	}

	/**
	 * Collects text frames into messages and hands each answer to the command waiting for
	 * it.
	 */
	private static final class Answers implements WebSocket.Listener {

		private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

		private final StringBuilder frames = new StringBuilder();

		CompletableFuture<JsonNode> expect(int id) {
			CompletableFuture<JsonNode> answer = new CompletableFuture<>();
			this.pending.put(id, answer);
			return answer;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.frames.append(data);
			if (last) {
				JsonNode message = json.readTree(this.frames.toString());
				this.frames.setLength(0);
				// Events (no id) are not asked for, and ignored.
				if (message.has("id")) {
					CompletableFuture<JsonNode> answer = this.pending.remove(message.get("id").asInt());
					if (answer != null) {
						answer.complete(message);
					}
				}
			}
			webSocket.request(1);
			return null;
		}

	}

}
