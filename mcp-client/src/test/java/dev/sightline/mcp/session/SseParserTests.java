package dev.sightline.mcp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The event stream format as the WHATWG HTML standard defines it, fed in pieces of every size. */
class SseParserTests {

    private static final String STREAM = """
            : a comment\r
            id: 1\r
            retry: 250\r
            data:\r
            \r
            event: message\n\
            data: {"a":\n\
            data:1}\n\
            id: 2\n\
            \n\
            event: other\r\
            data:x\r\
            \r\
            data:  two spaces\n\
            ignored: field\n\
            data\n\
            \n""";

    @Test
    void aNewStreamDropsTheHalfReadEventAndKeepsTheLastIdAndRetry() {
        SseParser parser = new SseParser(1 << 20);
        List<String> events = new ArrayList<>();
        SseParser.Listener listener = (type, data, length) -> events.add(type + " " + new String(data, 0, length, StandardCharsets.UTF_8));
        byte[] first = "id: 7\nretry: 300\ndata: x\n\ndata: {\"half\":".getBytes(StandardCharsets.UTF_8);
        parser.feed(first, 0, first.length, listener);
        parser.newStream();
        byte[] second = "data: whole\n\n".getBytes(StandardCharsets.UTF_8);
        parser.feed(second, 0, second.length, listener);
        assertThat(events).containsExactly("message x", "message whole");
        assertThat(parser.lastEventId()).isEqualTo("7");
        assertThat(parser.retryMs()).isEqualTo(300);
    }

    @Test
    void readsFieldsAsTheStandardSays() {
        SseParser parser = new SseParser(1 << 20);
        List<String> events = new ArrayList<>();
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length, (type, data, length) -> events.add(type + "|" + new String(data, 0, length, StandardCharsets.UTF_8)));
        // "data:" alone is an event with empty data (a priming event): dispatched, and left to the reader to skip.
        assertThat(events).containsExactly("message|", "message|{\"a\":\n1}", "other|x", "message| two spaces\n");
        assertThat(parser.lastEventId()).isEqualTo("2");
        assertThat(parser.retryMs()).isEqualTo(250);
    }

    @Test
    void givesTheSameEventsHoweverTheBytesAreCut() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        List<String> whole = parse(bytes, bytes.length);
        for (int chunk = 1; chunk < bytes.length; chunk++) {
            assertThat(parse(bytes, chunk)).as("in chunks of %d", chunk).isEqualTo(whole);
        }
    }

    @Test
    void stopsAtAnEventOverTheLimitButNotAtManySmallOnes() {
        SseParser parser = new SseParser(64);
        byte[] small = "data: 0123456789\n\n".repeat(20).getBytes(StandardCharsets.UTF_8);
        List<String> events = new ArrayList<>();
        parser.feed(small, 0, small.length, (type, data, length) -> events.add(type));
        assertThat(events).hasSize(20);
        byte[] big = ("data: " + "x".repeat(100) + "\n\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.feed(big, 0, big.length, (type, data, length) -> { })).isInstanceOf(SseParser.TooLarge.class);
    }

    private static List<String> parse(byte[] bytes, int chunk) {
        SseParser parser = new SseParser(1 << 20);
        List<String> events = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += chunk) {
            parser.feed(bytes, at, Math.min(chunk, bytes.length - at),
                    (type, data, length) -> events.add(type + "|" + new String(data, 0, length, StandardCharsets.UTF_8)));
        }
        events.add("id=" + parser.lastEventId() + " retry=" + parser.retryMs());
        return events;
    }
}
