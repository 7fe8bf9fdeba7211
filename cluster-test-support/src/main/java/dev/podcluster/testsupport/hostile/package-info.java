/**
 * What a process that reaches a member's port sends when it is no well-behaved member: a
 * task of a class no member allows, and connections of garbage or of nothing at all.
 * Outside every application's package, so no member's deserialization filter lets these
 * classes in.
 */
@NullMarked
package dev.podcluster.testsupport.hostile;

import org.jspecify.annotations.NullMarked;
