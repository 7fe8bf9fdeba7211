package dev.podcluster.testsupport.kube;

/**
 * An IPv4 network in CIDR notation, such as a Node's {@code spec.podCIDR}.
 *
 * @param base the network address as an unsigned 32-bit number
 * @param prefixLength the number of network bits
 */
record Ipv4Cidr(long base, int prefixLength) {

	Ipv4Cidr {
		if (prefixLength < 0 || prefixLength > 32) {
			throw new IllegalArgumentException("Prefix length " + prefixLength + " is not in 0..32");
		}
		base = base & mask(prefixLength);
	}

	/**
	 * Parse {@code a.b.c.d/n}.
	 * @param cidr the text
	 * @return the network
	 */
	static Ipv4Cidr parse(String cidr) {
		int slash = cidr.indexOf('/');
		if (slash < 0) {
			throw new IllegalArgumentException("'" + cidr + "' is not in CIDR notation (a.b.c.d/n)");
		}
		return new Ipv4Cidr(address(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
	}

	/**
	 * Parse a dotted IPv4 address.
	 * @param address the text
	 * @return the address as an unsigned 32-bit number
	 */
	static long address(String address) {
		String[] parts = address.strip().split("\\.");
		if (parts.length != 4) {
			throw new IllegalArgumentException("'" + address + "' is not an IPv4 address");
		}
		long value = 0;
		for (String part : parts) {
			int octet = Integer.parseInt(part);
			if (octet < 0 || octet > 255) {
				throw new IllegalArgumentException("'" + address + "' is not an IPv4 address");
			}
			value = (value << 8) | octet;
		}
		return value;
	}

	static String format(long address) {
		return ((address >> 24) & 0xff) + "." + ((address >> 16) & 0xff) + "." + ((address >> 8) & 0xff) + "."
				+ (address & 0xff);
	}

	/**
	 * The number of addresses in the network, network and broadcast addresses included.
	 */
	long size() {
		return 1L << (32 - this.prefixLength);
	}

	/**
	 * The address at an offset from the network address.
	 * @param offset 0 for the network address
	 * @return the address, dotted
	 */
	String addressAt(long offset) {
		if (offset < 0 || offset >= size()) {
			throw new IllegalArgumentException("Offset " + offset + " is outside " + this);
		}
		return format(this.base + offset);
	}

	boolean contains(String address) {
		return (address(address) & mask(this.prefixLength)) == this.base;
	}

	private static long mask(int prefixLength) {
		return (prefixLength == 0) ? 0 : (0xffffffffL << (32 - prefixLength)) & 0xffffffffL;
	}

	@Override
	public String toString() {
		return format(this.base) + "/" + this.prefixLength;
	}

}
