package dev.podcluster.sample;

import java.io.Serializable;
import java.time.Instant;

/**
 * A message on the cluster's message channel.
 *
 * @param text what was said
 * @param from the node name of the member it was posted to
 * @param sentAt when it was posted
 */
record ChannelMessage(String text, String from, Instant sentAt) implements Serializable {

}
