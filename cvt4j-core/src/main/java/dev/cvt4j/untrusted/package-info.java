/**
 * Helpers for reading files that come from strangers: {@link dev.cvt4j.untrusted.SafeText} renders
 * values taken from a file into messages that are bounded in length and safe to print, and {@link
 * dev.cvt4j.untrusted.CappedInputStream} stops reading a stream at a byte limit, so that a
 * decompression bomb is refused instead of inflated.
 */
package dev.cvt4j.untrusted;
