package dev.podcluster.testsupport.hostile;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task from a package no member allows: what a process that reaches the member port
 * would send to run its code on a member. Reading it must fail before it runs; had it
 * run, its caller would get {@link #RAN} back.
 */
public final class RogueTask implements Callable<String>, Serializable {

	/** What the task returns when a member ran it. */
	public static final String RAN = "the rogue task ran";

	private static final long serialVersionUID = 1L;

	/** Set when a member in this JVM ran the task: it must stay unset. */
	public static volatile boolean ran;

	@Override
	public String call() {
		ran = true;
		return RAN;
	}

}
