package dev.sightline.mcp.session;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes at most {@code max} bytes and fails with {@link TooLarge} at the next one, so an oversized body is never read whole. */
final class LimitedInputStream extends FilterInputStream {

    /** More bytes than the limit. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super(null, null);
        }
    }

    private final long max;
    private long count;

    LimitedInputStream(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0 && ++count > max) {
            throw new TooLarge();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
            if (count > max) {
                throw new TooLarge();
            }
        }
        return n;
    }
}
