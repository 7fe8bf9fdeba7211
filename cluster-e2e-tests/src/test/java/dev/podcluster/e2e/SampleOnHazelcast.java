package dev.podcluster.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The sample as {@code -Dhazelcast.version=<version>} builds it, for upgrades from one
 * Hazelcast to another: the sample's jar with its two Hazelcast jars ({@code hazelcast}
 * and {@code hazelcast-spring}, the only ones that property changes) replaced by that
 * version's, every other entry as it is; and its image (as {@link SampleImage} builds it,
 * without the class data sharing archive) in the directory beside the sample's image that
 * kube/images.properties names {@code sample-app:0.1.0-SNAPSHOT-hazelcast-<version>}. The
 * build copies that version's jars to {@code target/hazelcast-<version>/}
 * ({@code e2e.previous-hazelcast.version}).
 */
final class SampleOnHazelcast {

	private SampleOnHazelcast() {
	}

	/** The Hazelcast the sample runs before an upgrade, as the build copied it. */
	static String previousVersion() {
		String version = System.getProperty("e2e.previous-hazelcast.version");
		if (version == null || version.isBlank()) {
			throw new IllegalStateException("No e2e.previous-hazelcast.version: run the suite with Maven, whose"
					+ " failsafe configuration sets it and copies that Hazelcast's jars to target/");
		}
		return version;
	}

	/**
	 * The image tag of the sample on a Hazelcast version, its image built unless the
	 * cache has it.
	 * @param version the Hazelcast version, whose jars the build copied
	 * @return the image reference for a pod spec
	 */
	static String image(String version) {
		Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
		Path target = module.resolve("target");
		Path sampleImage = SampleImage.prepare(SampleApp.jar(), target.resolve("sample-app-training.log"));
		Path jar = target.resolve("sample-app-hazelcast-" + version + ".jar");
		write(SampleApp.jar(), target.resolve("hazelcast-" + version), version, jar);
		// Untrained: the training run would take longer than the pods it speeds up.
		SampleImage.prepare(jar, sampleImage.resolveSibling(sampleImage.getFileName() + "-hazelcast-" + version),
				target.resolve("sample-app-hazelcast-" + version + "-training.log"), false);
		return "sample-app:0.1.0-SNAPSHOT-hazelcast-" + version;
	}

	/**
	 * Write the sample's jar with the Hazelcast jars of {@code version} in place of its
	 * own.
	 * @param sample the sample's executable jar
	 * @param jars the directory that holds {@code hazelcast-<version>.jar} and
	 * {@code hazelcast-spring-<version>.jar}
	 * @param version their version
	 * @param output the jar to write
	 */
	static void write(Path sample, Path jars, String version, Path output) {
		try (ZipFile in = new ZipFile(sample.toFile())) {
			String own = ownVersion(in);
			Map<String, String> renamed = Map.of(lib("hazelcast", own), lib("hazelcast", version),
					lib("hazelcast-spring", own), lib("hazelcast-spring", version));
			Path partial = output.resolveSibling(output.getFileName() + ".partial");
			try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
				for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements();) {
					ZipEntry entry = entries.nextElement();
					String replacement = renamed.get(entry.getName());
					if (replacement != null) {
						byte[] bytes = Files
							.readAllBytes(jars.resolve(replacement.substring("BOOT-INF/lib/".length())));
						out.putNextEntry(stored(replacement, bytes, entry));
						out.write(bytes);
					}
					else if (entry.getName().equals("BOOT-INF/classpath.idx")
							|| entry.getName().equals("BOOT-INF/layers.idx")) {
						String index = new String(in.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
						for (Map.Entry<String, String> rename : renamed.entrySet()) {
							index = index.replace("\"" + rename.getKey() + "\"", "\"" + rename.getValue() + "\"");
						}
						ZipEntry copy = new ZipEntry(entry.getName());
						copy.setTime(entry.getTime());
						out.putNextEntry(copy);
						out.write(index.getBytes(StandardCharsets.UTF_8));
					}
					else {
						// As it is: Spring Boot's loader reads nested jars only when
						// stored.
						ZipEntry copy = new ZipEntry(entry);
						if (copy.getMethod() != ZipEntry.STORED) {
							// Compressed again, to a size of its own.
							copy.setCompressedSize(-1);
						}
						out.putNextEntry(copy);
						try (InputStream content = in.getInputStream(entry)) {
							content.transferTo(out);
						}
					}
					out.closeEntry();
				}
			}
			Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + output + " from " + sample + " and " + jars, ex);
		}
	}

	private static String ownVersion(ZipFile jar) {
		return jar.stream()
			.map(ZipEntry::getName)
			.filter((name) -> name.matches("BOOT-INF/lib/hazelcast-[0-9][^/]*\\.jar"))
			.map((name) -> name.substring("BOOT-INF/lib/hazelcast-".length(), name.length() - ".jar".length()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(jar.getName() + " holds no BOOT-INF/lib/hazelcast-*.jar"));
	}

	private static String lib(String artifact, String version) {
		return "BOOT-INF/lib/" + artifact + "-" + version + ".jar";
	}

	private static ZipEntry stored(String name, byte[] bytes, ZipEntry like) {
		ZipEntry entry = new ZipEntry(name);
		CRC32 crc = new CRC32();
		crc.update(bytes);
		entry.setMethod(ZipEntry.STORED);
		entry.setSize(bytes.length);
		entry.setCompressedSize(bytes.length);
		entry.setCrc(crc.getValue());
		entry.setTime(like.getTime());
		return entry;
	}

}
