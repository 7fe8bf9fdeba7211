package dev.podcluster.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history checker on small histories whose verdict is known: it finds a lost
 * acknowledged write and the violation it makes, and passes a history where a write that
 * returned first is overwritten by a later one, and one answered with an error or not at
 * all may or may not have happened.
 */
class HistoryCheckerTests {

	private static final Path REPOSITORY = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

	private static final long S = 1_000_000_000L;

	@TempDir
	Path dir;

	@Test
	void anAcknowledgedWriteOverwrittenByAnOlderOneIsLostAndNotLinearizable() throws IOException {
		HistoryChecker.Verdict verdict = check(
				"""
						{"type":"setting","protection":"off","windowMs":10000}
						{"type":"op","client":0,"pod":"p0","f":"write","round":1,"key":"r1-k0","value":"a","call":1,"ret":2,"outcome":"ok"}
						{"type":"cut","round":1,"nemesis":"pod","minority":["p1"],"at":%d}
						{"type":"op","client":1,"pod":"p1","f":"write","round":1,"key":"r1-k0","value":"b","call":%d,"ret":%d,"outcome":"ok"}
						{"type":"op","client":1,"pod":"p1","f":"inc","round":1,"call":%d,"ret":%d,"outcome":"ok","result":"1"}
						{"type":"op","client":0,"pod":"p0","f":"inc","round":1,"call":%d,"ret":%d,"outcome":"ok","result":"1"}
						{"type":"heal","round":1,"at":%d}
						{"type":"one-cluster","round":1,"at":%d}
						{"type":"op","client":2,"pod":"p0","f":"read","round":1,"key":"r1-k0","call":%d,"ret":%d,"outcome":"ok","result":"a","final":true}
						{"type":"op","client":2,"pod":"p0","f":"counter","call":%d,"ret":%d,"outcome":"ok","result":"1","final":true}
						"""
					.formatted(S, 15 * S, 15 * S + 1, 2 * S, 2 * S + 1, 2 * S, 2 * S + 1, 20 * S, 25 * S, 30 * S,
							30 * S + 1, 30 * S, 30 * S + 1));
		assertThat(verdict.figure("acked-lost")).isEqualTo(1);
		assertThat(verdict.figure("acked-lost-outside-window")).as("written 14 s after the cut").isEqualTo(1);
		assertThat(verdict.figure("max-detection-window-ms")).isEqualTo(14_000);
		assertThat(verdict.figure("violations")).as("the register and the counter").isEqualTo(2);
		assertThat(verdict.figure("increments-lost")).isEqualTo(1);
		assertThat(verdict.report()).contains("increments-returning-a-value-already-returned=1");
		assertThat(verdict.report())
			.contains("E2E-PARTITION setting=off round=1 nemesis=pod minority=p1 acked-writes=2 "
					+ "acked-lost=1 acked-lost-outside-window=1 detection-window-ms=14000")
			.contains("heal-to-one-cluster-ms=5000");
	}

	@Test
	void overwrittenAndIndeterminateWritesAreNeitherLostNorViolations() throws IOException {
		HistoryChecker.Verdict verdict = check(
				"""
						{"type":"setting","protection":"majority","windowMs":10000}
						{"type":"op","client":0,"pod":"p0","f":"write","round":1,"key":"r1-k0","value":"a","call":1,"ret":2,"outcome":"ok"}
						{"type":"op","client":1,"pod":"p1","f":"write","round":1,"key":"r1-k0","value":"b","call":3,"ret":4,"outcome":"ok"}
						{"type":"op","client":0,"pod":"p0","f":"write","round":1,"key":"r1-k0","value":"c","call":5,"ret":6,"outcome":"unknown"}
						{"type":"op","client":1,"pod":"p1","f":"inc","round":1,"call":5,"ret":6,"outcome":"fail"}
						{"type":"op","client":0,"pod":"p0","f":"write","round":1,"key":"r1-k0","value":"d","call":5,"ret":6,"outcome":"fail"}
						{"type":"op","client":1,"pod":"p1","f":"inc","round":1,"call":7,"ret":8,"outcome":"ok","result":"1"}
						{"type":"op","client":0,"pod":"p0","f":"inc","round":1,"call":7,"ret":8,"outcome":"unknown"}
						{"type":"op","client":2,"pod":"p0","f":"read","round":1,"key":"r1-k0","call":9,"ret":10,"outcome":"ok","result":"c","final":true}
						{"type":"op","client":2,"pod":"p0","f":"counter","call":9,"ret":10,"outcome":"ok","result":"1","final":true}
						""");
		assertThat(verdict.figure("acked-lost")).isZero();
		assertThat(verdict.figure("violations")).isZero();
		assertThat(verdict.figure("undecided")).isZero();
		assertThat(verdict.figure("increments-lost")).isZero();
	}

	private HistoryChecker.Verdict check(String history) throws IOException {
		Path file = this.dir.resolve("history.jsonl");
		Files.writeString(file, history);
		return HistoryChecker.check(REPOSITORY, file);
	}

}
