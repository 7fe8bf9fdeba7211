package dev.podcluster.testsupport.dns;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/**
 * Queries a {@link BindServer} the way a client would, through dnsjava's
 * {@link SimpleResolver}.
 */
final class Dig {

	private final SimpleResolver resolver;

	Dig(BindServer server) {
		this.resolver = new SimpleResolver(server.address());
		this.resolver.setTimeout(Duration.ofSeconds(2));
	}

	Dig timeout(Duration timeout) {
		this.resolver.setTimeout(timeout);
		return this;
	}

	Dig ignoreTruncation() {
		this.resolver.setIgnoreTruncation(true);
		return this;
	}

	Message query(String name, int type) throws IOException {
		return this.resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
	}

	List<Record> answer(String name, int type) throws IOException {
		return query(name, type).getSection(Section.ANSWER);
	}

}
