package dev.cvt4j.untrusted;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that fails with {@link LimitExceededException} as soon as more than a given
 * number of bytes has been read from it, so that a decompression bomb (a small zip entry or PNG
 * chunk that inflates to gigabytes) is refused after at most the limit, never inflated in full.
 */
public final class CappedInputStream extends FilterInputStream {
    /** Thrown when a capped stream holds more bytes than its limit. */
    public static final class LimitExceededException extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceededException(long limit) {
            super("holds more than " + limit + " bytes");
        }
    }

    private final long limit;
    private long count;

    /**
     * @param in the stream to read, closed with this one
     * @param limit the most bytes that may be read, non-negative
     */
    public CappedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, (int) Math.min(len, limit - count + 1));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, limit - count + 1));
        count(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(long n) throws LimitExceededException {
        count += n;
        if (count > limit) {
            throw new LimitExceededException(limit);
        }
    }
}
