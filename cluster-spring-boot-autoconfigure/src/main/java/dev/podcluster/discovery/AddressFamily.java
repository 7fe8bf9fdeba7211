package dev.podcluster.discovery;

import java.net.Inet6Address;
import java.net.InetAddress;

import org.xbill.DNS.Type;

/**
 * IPv4 or IPv6: a member reaches its peers in the family of its own address, so that is
 * the family its seeds come in.
 */
enum AddressFamily {

	/** IPv4, from A records. */
	IPV4(Type.A),

	/** IPv6, from AAAA records. */
	IPV6(Type.AAAA);

	private final int recordType;

	AddressFamily(int recordType) {
		this.recordType = recordType;
	}

	/**
	 * Returns the family of an address.
	 * @param address the address
	 * @return its family
	 */
	public static AddressFamily of(InetAddress address) {
		return (address instanceof Inet6Address) ? IPV6 : IPV4;
	}

	/**
	 * Returns whether an address is of this family.
	 * @param address the address
	 * @return whether it is
	 */
	public boolean contains(InetAddress address) {
		return of(address) == this;
	}

	/**
	 * Returns the DNS record type that holds addresses of this family.
	 * @return {@link Type#A} or {@link Type#AAAA}
	 */
	public int recordType() {
		return this.recordType;
	}

}
