package dev.sightline.mcp.session;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the bytes of a {@code text/event-stream} into events, as the WHATWG HTML standard's
 * "event stream interpretation" reads them: lines end at CR, LF or CRLF; {@code data} lines join
 * with LF; {@code id} sets the last event id (kept across events, for resuming); {@code retry}
 * sets the reconnection delay; a line starting with a colon is a comment; an empty line
 * dispatches the event, unless it has no data. Bytes arrive in chunks of any size, and a data
 * line's value goes straight from the chunk to the event's data, which is all the copying there
 * is. An event longer than {@code maxEventBytes} stops the stream with {@link TooLarge}.
 */
final class SseParser {

    /** One dispatched event; {@code data} is only valid during the call. */
    interface Listener {
        void event(String type, byte[] data, int length);
    }

    /** An event larger than the limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    private enum Field { UNKNOWN, DATA, EVENT, ID, RETRY, IGNORED }

    private static final int MAX_NAME = 8;

    private final int maxEventBytes;
    // The line being read: its field name until the colon, then where its value goes.
    private final byte[] name = new byte[MAX_NAME];
    private int nameLength;
    private boolean inValue;
    private boolean valueStarted;
    private Field field = Field.UNKNOWN;
    private byte[] value = new byte[64];
    private int valueLength;
    private boolean afterCr;
    // The event being read.
    private byte[] data = new byte[4096];
    private final byte[] readBuffer = new byte[16 * 1024];
    private int dataLength;
    private boolean hasData;
    private String type;
    private long eventBytes;
    // Across events.
    private String lastEventId;
    private long retryMs = -1;

    SseParser(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Parsers kept between calls with their buffers grown, so a call's stream is read without
     * growing and zeroing tens of kilobytes again. At most a few are kept, none with more than
     * {@link #KEPT_BYTES} of buffers.
     */
    static final class Pool {
        private static final int KEPT = 2 * Runtime.getRuntime().availableProcessors();
        private static final int KEPT_BYTES = 1 << 20;
        private final int maxEventBytes;
        private final java.util.concurrent.ArrayBlockingQueue<SseParser> idle = new java.util.concurrent.ArrayBlockingQueue<>(KEPT);

        Pool(int maxEventBytes) {
            this.maxEventBytes = maxEventBytes;
        }

        /** A parser at the start of a stream. */
        SseParser take() {
            SseParser parser = idle.poll();
            return parser != null ? parser : new SseParser(maxEventBytes);
        }

        void give(SseParser parser) {
            if (parser.data.length <= KEPT_BYTES) {
                parser.reset();
                idle.offer(parser);
            }
        }
    }

    /** A buffer to read the stream into, kept with the parser. */
    byte[] readBuffer() {
        return readBuffer;
    }

    /**
     * A new stream (a resumed one, a reconnected listener): what was half-read of the last one's event
     * is dropped, as the spec says of a stream that ends; the last event id and retry delay stay.
     */
    void newStream() {
        String id = lastEventId;
        long retry = retryMs;
        reset();
        lastEventId = id;
        retryMs = retry;
    }

    private void reset() {
        nameLength = 0;
        inValue = false;
        valueStarted = false;
        field = Field.UNKNOWN;
        valueLength = 0;
        afterCr = false;
        dataLength = 0;
        hasData = false;
        type = null;
        eventBytes = 0;
        lastEventId = null;
        retryMs = -1;
    }

    /** The id of the last event (or of a priming event without data), for {@code Last-Event-ID}; null before any. */
    String lastEventId() {
        return lastEventId == null || lastEventId.isEmpty() ? null : lastEventId;
    }

    /** The server's {@code retry} in milliseconds, or -1 when it sent none. */
    long retryMs() {
        return retryMs;
    }

    /** Feeds bytes; each event they complete goes to the listener before this returns. */
    void feed(byte[] bytes, int offset, int length, Listener listener) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            byte b = bytes[i];
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    i++;
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                afterCr = b == '\r';
                count(1);
                endOfLine(listener);
                i++;
            } else if (!inValue) {
                count(1);
                if (b == ':') {
                    startValue();
                } else if (nameLength < MAX_NAME) {
                    name[nameLength++] = b;
                } else {
                    nameLength = MAX_NAME + 1;
                }
                i++;
            } else {
                // A run of value bytes, up to the end of the line or of the chunk.
                int run = i;
                if (!valueStarted) {
                    valueStarted = true;
                    if (b == ' ') {
                        run++;
                    }
                }
                int stop = run;
                while (stop < end && bytes[stop] != '\n' && bytes[stop] != '\r') {
                    stop++;
                }
                count(stop - i);
                value(bytes, run, stop - run);
                i = stop;
            }
        }
    }

    private void count(long n) {
        eventBytes += n;
        if (eventBytes > maxEventBytes) {
            throw new TooLarge();
        }
    }

    private void startValue() {
        inValue = true;
        valueStarted = false;
        valueLength = 0;
        field = nameLength == 0 ? Field.IGNORED : fieldNamed();
        if (field == Field.DATA) {
            if (hasData) {
                appendData(new byte[] {'\n'}, 0, 1);
            }
            hasData = true;
        }
    }

    private Field fieldNamed() {
        if (is("data")) {
            return Field.DATA;
        }
        if (is("event")) {
            return Field.EVENT;
        }
        if (is("id")) {
            return Field.ID;
        }
        if (is("retry")) {
            return Field.RETRY;
        }
        return Field.IGNORED;
    }

    private void value(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        switch (field) {
            case DATA -> appendData(bytes, offset, length);
            case EVENT, ID, RETRY -> {
                if (valueLength + length > value.length) {
                    value = Arrays.copyOf(value, Math.max(value.length * 2, valueLength + length));
                }
                System.arraycopy(bytes, offset, value, valueLength, length);
                valueLength += length;
            }
            default -> {
                // A comment or a field nobody reads.
            }
        }
    }

    private void appendData(byte[] bytes, int offset, int length) {
        if (dataLength + length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + length));
        }
        System.arraycopy(bytes, offset, data, dataLength, length);
        dataLength += length;
    }

    private void endOfLine(Listener listener) {
        if (!inValue) {
            if (nameLength == 0) {
                dispatch(listener);
                return;
            }
            // A field name alone: its value is empty.
            startValue();
        }
        switch (field) {
            case EVENT -> type = new String(value, 0, valueLength, StandardCharsets.UTF_8);
            case ID -> {
                if (indexOf(value, valueLength, (byte) 0) < 0) {
                    lastEventId = new String(value, 0, valueLength, StandardCharsets.UTF_8);
                }
            }
            case RETRY -> retry();
            default -> {
                // Data went to the event as it came.
            }
        }
        nameLength = 0;
        inValue = false;
        field = Field.UNKNOWN;
    }

    private void retry() {
        if (valueLength == 0 || valueLength > 10) {
            return;
        }
        long ms = 0;
        for (int i = 0; i < valueLength; i++) {
            if (value[i] < '0' || value[i] > '9') {
                return;
            }
            ms = ms * 10 + (value[i] - '0');
        }
        retryMs = ms;
    }

    private void dispatch(Listener listener) {
        boolean dispatch = hasData;
        String eventType = type == null || type.isEmpty() ? "message" : type;
        int length = dataLength;
        hasData = false;
        dataLength = 0;
        type = null;
        eventBytes = 0;
        if (dispatch) {
            listener.event(eventType, data, length);
        }
    }

    private boolean is(String field) {
        if (nameLength != field.length()) {
            return false;
        }
        for (int i = 0; i < nameLength; i++) {
            if (name[i] != field.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
