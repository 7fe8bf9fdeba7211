package dev.podcluster.sample;

import com.hazelcast.core.HazelcastInstance;
import dev.podcluster.naming.NodeIdentity;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /session}: the caller's HTTP session, created on the first request to any
 * pod and read by every other, with the requests it made so far.
 */
@RestController
class SessionController {

	private static final String CREATED_ON = "createdOn";

	private static final String REQUESTS = "requests";

	private final String nodeName;

	SessionController(HazelcastInstance hazelcast, ObjectProvider<NodeIdentity> identity) {
		this.nodeName = NodeName.of(identity, hazelcast);
	}

	@GetMapping("/session")
	SessionView session(HttpSession session) {
		if (session.getAttribute(CREATED_ON) == null) {
			session.setAttribute(CREATED_ON, this.nodeName);
		}
		Object before = session.getAttribute(REQUESTS);
		int requests = ((before instanceof Integer count) ? count : 0) + 1;
		session.setAttribute(REQUESTS, requests);
		return new SessionView((String) session.getAttribute(CREATED_ON), requests, this.nodeName);
	}

	/**
	 * What the session holds, and who answered.
	 *
	 * @param createdOn the node name of the member the session was created on
	 * @param requests how many requests this session made to {@code /session}, on any pod
	 * @param servedBy the node name of the member that answered this one
	 */
	record SessionView(String createdOn, int requests, String servedBy) {

	}

}
