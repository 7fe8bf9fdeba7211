package dev.podcluster.testsupport.kube;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Kubelet's {@code $(VAR)} expansion in env values, commands and arguments: a defined
 * variable is replaced, an undefined one is left as written, {@code $$} stands for
 * {@code $}.
 */
final class VariableExpansion {

	private VariableExpansion() {
	}

	/**
	 * Expand the references in a string.
	 * @param input the string
	 * @param lookup the variables' values, {@code null} for an undefined variable
	 * @return the expanded string
	 */
	static String expand(String input, Function<String, @Nullable String> lookup) {
		StringBuilder result = new StringBuilder();
		int checkpoint = 0;
		for (int cursor = 0; cursor < input.length(); cursor++) {
			if (input.charAt(cursor) != '$' || cursor + 1 >= input.length()) {
				continue;
			}
			result.append(input, checkpoint, cursor);
			char next = input.charAt(cursor + 1);
			int advance = 1;
			if (next == '$') {
				result.append('$');
			}
			else if (next == '(') {
				int close = input.indexOf(')', cursor + 2);
				if (close < 0) {
					result.append("$(");
				}
				else {
					String name = input.substring(cursor + 2, close);
					String value = lookup.apply(name);
					result.append((value != null) ? value : "$(" + name + ")");
					advance = close - cursor;
				}
			}
			else {
				result.append('$').append(next);
			}
			cursor += advance;
			checkpoint = cursor + 1;
		}
		return result.append(input.substring(Math.min(checkpoint, input.length()))).toString();
	}

}
