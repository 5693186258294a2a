/**
 * Helpers for reading files that come from strangers: {@link dev.cvt4j.untrusted.SafeText} renders
 * values taken from a file into messages that are bounded in length and safe to print, and {@link
 * dev.cvt4j.untrusted.CappedInputStream} stops reading a stream at a byte limit, so that a
 * decompression bomb is refused instead of inflated.
 * {@link dev.cvt4j.untrusted.Exhaustion} turns a stack or heap exhausted by a hostile file into a
 * one-line message.
 *
 * <p>Depends on the JDK only; every reader of files (checkpoints, configuration, images) depends on
 * it, so it must not depend on any other cvt4j package.
 */
package dev.cvt4j.untrusted;
