package dev.podcluster.testsupport.kube;

import java.util.BitSet;

import org.jspecify.annotations.Nullable;

/**
 * The pod IPs of one Node, from its {@code spec.podCIDR}: the network address and the
 * first host address (kept for a gateway, as the usual CNI plugins do) and the broadcast
 * address are never handed out; released addresses are reused only after every other free
 * one, so a deleted pod's IP does not come back at once.
 */
final class PodAddressPool {

	private static final int RESERVED_LOW = 2;

	private final Ipv4Cidr cidr;

	private final BitSet used = new BitSet();

	private long next = RESERVED_LOW;

	PodAddressPool(Ipv4Cidr cidr) {
		if (cidr.size() < 4) {
			throw new IllegalArgumentException("Pod CIDR " + cidr + " is too small for pods");
		}
		this.cidr = cidr;
	}

	Ipv4Cidr cidr() {
		return this.cidr;
	}

	/**
	 * Take a free address.
	 * @return the address, or {@code null} when every address is in use
	 */
	synchronized @Nullable String allocate() {
		long last = this.cidr.size() - 2;
		long candidates = last - RESERVED_LOW + 1;
		for (long i = 0; i < candidates; i++) {
			long offset = this.next;
			this.next = (offset >= last) ? RESERVED_LOW : offset + 1;
			if (!this.used.get((int) offset)) {
				this.used.set((int) offset);
				return this.cidr.addressAt(offset);
			}
		}
		return null;
	}

	/**
	 * Give an address back.
	 * @param address an address this pool handed out
	 */
	synchronized void release(String address) {
		if (this.cidr.contains(address)) {
			this.used.clear((int) (Ipv4Cidr.address(address) - this.cidr.base()));
		}
	}

	synchronized int inUse() {
		return this.used.cardinality();
	}

}
