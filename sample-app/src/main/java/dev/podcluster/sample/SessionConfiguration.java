package dev.podcluster.sample;

import java.time.Duration;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

/**
 * HTTP sessions kept in a map of the starter's Hazelcast member, so a session created on
 * one pod is there on every pod: no sticky sessions needed. The map forgets a session
 * idle for longer than {@code server.servlet.session.timeout}
 * ({@link SharedStateConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableSpringHttpSession
class SessionConfiguration {

	@Bean
	MapSessionRepository sessionRepository(HazelcastInstance hazelcast,
			@Value("${server.servlet.session.timeout:30m}") Duration timeout) {
		IMap<String, Session> sessions = hazelcast.getMap(SharedStateConfiguration.SESSIONS_MAP);
		MapSessionRepository repository = new MapSessionRepository(sessions);
		repository.setDefaultMaxInactiveInterval(timeout);
		return repository;
	}

}
