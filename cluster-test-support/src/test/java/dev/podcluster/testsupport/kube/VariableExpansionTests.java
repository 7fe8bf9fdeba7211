package dev.podcluster.testsupport.kube;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VariableExpansionTests {

	private final Map<String, String> variables = Map.of("POD_IP", "10.244.1.5", "EMPTY", "");

	@Test
	void definedVariablesAreReplaced() {
		assertThat(expand("http://$(POD_IP):8080/$(EMPTY)x")).isEqualTo("http://10.244.1.5:8080/x");
	}

	@Test
	void undefinedVariablesStayAsWritten() {
		assertThat(expand("$(NOPE) and $(POD_IP)")).isEqualTo("$(NOPE) and 10.244.1.5");
	}

	@Test
	void doubleDollarEscapesAReference() {
		assertThat(expand("$$(POD_IP) costs $$5")).isEqualTo("$(POD_IP) costs $5");
	}

	@Test
	void incompleteReferencesAndLoneDollarsStay() {
		assertThat(expand("$(POD_IP")).isEqualTo("$(POD_IP");
		assertThat(expand("a$b $")).isEqualTo("a$b $");
		assertThat(expand("$HOME")).isEqualTo("$HOME");
	}

	private String expand(String input) {
		return VariableExpansion.expand(input, this.variables::get);
	}

}
