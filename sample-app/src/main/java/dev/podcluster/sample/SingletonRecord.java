package dev.podcluster.sample;

import java.io.Serializable;

/**
 * What the cluster singleton leaves behind, visible from every member.
 *
 * @param runs how many times it ran, on any member
 * @param lastRunBy the node name of the member that ran it last
 */
record SingletonRecord(long runs, String lastRunBy) implements Serializable {

}
