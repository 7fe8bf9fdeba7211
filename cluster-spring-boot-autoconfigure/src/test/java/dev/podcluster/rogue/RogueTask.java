package dev.podcluster.rogue;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task from a package no member allows: what a process that reaches the member port
 * would send to run its code on a member. Reading it must fail before it runs.
 */
public final class RogueTask implements Callable<String>, Serializable {

	/** Set when a member ran the task: it must stay unset. */
	public static volatile boolean ran;

	@Override
	public String call() {
		ran = true;
		return "ran";
	}

}
