package dev.podcluster.sample;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC settings of the sample: every request passes the body limit.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	private final RequestBodyLimit requestBodyLimit;

	WebConfiguration(RequestBodyLimit requestBodyLimit) {
		this.requestBodyLimit = requestBodyLimit;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.requestBodyLimit);
	}

}
