package dev.podcluster.sample;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /reports/{name}}: a report computed once by one pod and served from the
 * cluster's cache by every pod; {@code GET /reports}: how many computations that took.
 */
@RestController
@RequestMapping("/reports")
class ReportsController {

	private final ReportService reports;

	ReportsController(ReportService reports) {
		this.reports = reports;
	}

	@GetMapping
	Map<String, Long> computations() {
		return Map.of("computations", this.reports.computations());
	}

	// A bounded name: a client cannot fill the cache with arbitrary keys of any length.
	@GetMapping("/{name:[a-z0-9-]{1,40}}")
	Report report(@PathVariable String name) {
		return this.reports.report(name);
	}

}
