package dev.podcluster.sample;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Cross-node messaging: {@code POST /messages} on any instance,
 * {@code GET /messages/stream} (Server-Sent Events) on every instance receives it.
 */
@RestController
@RequestMapping("/messages")
class MessagesController {

	private static final int MAX_LENGTH = 500;

	private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final MessageChannel channel;

	MessagesController(MessageChannel channel) {
		this.channel = channel;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> post(@RequestBody PostedMessage posted) {
		String text = posted.text();
		if (!StringUtils.hasText(text) || text.length() > MAX_LENGTH) {
			return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"Send a text of 1 to " + MAX_LENGTH + " characters, e.g. {\"text\": \"hello\"}."))
				.build();
		}
		return ResponseEntity.accepted().body(this.channel.publish(text));
	}

	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseEntity<SseEmitter> stream(
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable Long lastEventId) {
		SseEmitter emitter = this.channel.subscribe(lastEventId);
		if (emitter == null) {
			// Every stream holds a connection and a reader: a full pod sends the client
			// to
			// another one, or to come back later.
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()))
				.build();
		}
		return ResponseEntity.ok(emitter);
	}

	record PostedMessage(@Nullable String text) {

	}

}
