package dev.sightline.mcp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.Test;

/**
 * The order in which the HTTP client hands a response to its body (headers, then the body's
 * stream, then its subscription) against an abort from another thread (the session closing, the
 * call's time running out). An abort that lands between two of those steps once left the reader
 * waiting for good on a body nobody would end; these tests put the abort in each gap.
 */
class ResponseStreamTests {

    /** Only a hang would need this: the reads below fail at once. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    private final Set<ResponseStream> open = ConcurrentHashMap.newKeySet();
    private final ResponseStream[] created = new ResponseStream[1];
    private final Upstream upstream = new Upstream();

    @Test
    void anAbortBeforeTheBodyStartsFailsTheFirstRead() throws Exception {
        ResponseStream response = headers();
        response.abort(ResponseStream.Abort.SESSION_CLOSED);
        InputStream body = response.getBody().toCompletableFuture().get();
        response.onSubscribe(upstream);

        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(body::read).isInstanceOf(IOException.class));
        assertThat(upstream.cancelled).isTrue();
        assertThat(open).isEmpty();
        assertThat(response.aborted()).isEqualTo(ResponseStream.Abort.SESSION_CLOSED);
    }

    @Test
    void anAbortBetweenTheBodyAndItsSubscriptionFailsTheFirstRead() throws Exception {
        ResponseStream response = headers();
        InputStream body = response.getBody().toCompletableFuture().get();
        response.abort(ResponseStream.Abort.TIME_UP);
        response.onSubscribe(upstream);

        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(body::read).isInstanceOf(IOException.class));
        assertThat(upstream.cancelled).isTrue();
        assertThat(open).isEmpty();
    }

    @Test
    void anAbortWhileTheReaderWaitsEndsTheRead() throws Exception {
        ResponseStream response = headers();
        InputStream body = response.getBody().toCompletableFuture().get();
        response.onSubscribe(upstream);
        response.onNext(List.of(ByteBuffer.wrap(": working\n\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(body.readNBytes(11)).asString(StandardCharsets.UTF_8).isEqualTo(": working\n\n");

        // The next read waits for more of the body; the abort comes from another thread.
        Thread aborter = new Thread(() -> response.abort(ResponseStream.Abort.SESSION_CLOSED));
        aborter.start();
        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(body::read).isInstanceOf(IOException.class));
        aborter.join();
        assertThat(upstream.cancelled).isTrue();
        assertThat(open).isEmpty();
    }

    @Test
    void aBodyReadToItsEndLeavesTheConnectionAlone() throws Exception {
        ResponseStream response = headers();
        InputStream body = response.getBody().toCompletableFuture().get();
        response.onSubscribe(upstream);
        response.onNext(List.of(ByteBuffer.wrap("data: {}\n\n".getBytes(StandardCharsets.UTF_8))));
        response.onComplete();

        assertThat(body.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("data: {}\n\n");
        response.abort(ResponseStream.Abort.SESSION_CLOSED);
        assertThat(upstream.cancelled).isFalse();
        assertThat(response.aborted()).isNull();
        assertThat(open).isEmpty();
    }

    /** The response's headers have arrived: the handler made the body's subscriber. */
    private ResponseStream headers() {
        ResponseStream.handler(open, created).apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return 200;
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(Map.of("Content-Type", List.of("text/event-stream")), (name, value) -> true);
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        });
        assertThat(open).containsExactly(created[0]);
        return created[0];
    }

    /** The connection's side of the body: records a cancel, which closes the connection. */
    private static final class Upstream implements Flow.Subscription {
        volatile boolean cancelled;

        @Override
        public void request(long n) {
            // The test hands the body its bytes itself.
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
