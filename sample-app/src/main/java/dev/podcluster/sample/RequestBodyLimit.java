package dev.podcluster.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a request body larger than {@code sample.limits.request-body} before anything
 * reads it. The servlet container never hands over more than the declared length, so a
 * body of unknown length (chunked) is refused too: every browser and HTTP client sends a
 * length for the sample's small JSON and text bodies.
 */
@Component
class RequestBodyLimit implements HandlerInterceptor {

	private final long maxBytes;

	RequestBodyLimit(SampleLimits limits) {
		this.maxBytes = limits.requestBody().toBytes();
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		long length = request.getContentLengthLong();
		if (length > this.maxBytes) {
			throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE, "The body has " + length
					+ " bytes; send at most " + this.maxBytes + " (sample.limits.request-body).");
		}
		if (length < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
			throw new ResponseStatusException(HttpStatus.LENGTH_REQUIRED,
					"Send the body with a Content-Length (at most " + this.maxBytes + " bytes), not chunked.");
		}
		return true;
	}

}
