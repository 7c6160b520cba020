package dev.sightline.mcp.session;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;

/**
 * A response body that the calling thread reads as an {@link InputStream}, and may stop reading
 * before its end without costing the connection: once the answer is in, the server usually ends
 * an SSE stream a moment later, and cancelling the body then would close a connection the next
 * call could reuse. So closing the stream lets the rest of the body flow in and drops it; only
 * {@link #abort} (time up, session closed) cancels, which closes the connection.
 * <p>
 * A timer may be attached ({@link #expireWith}); it is cancelled when the body ends.
 */
final class ResponseStream implements HttpResponse.BodySubscriber<InputStream> {

    /** Why reading stopped from outside, for the reader to say. */
    enum Abort { TIME_UP, SESSION_CLOSED }

    private final HttpResponse.BodySubscriber<InputStream> stream = HttpResponse.BodySubscribers.ofInputStream();
    private final Set<ResponseStream> open;
    private volatile Flow.Subscription upstream;
    private volatile boolean discarding;
    private volatile boolean ended;
    private volatile Abort aborted;
    private volatile Future<?> timer;
    private volatile InputStream body;

    private ResponseStream(Set<ResponseStream> open) {
        this.open = open;
    }

    /**
     * A body handler whose bodies are response streams, each in {@code open} from before its first
     * byte until it has ended, however it ends; {@code created} receives the stream.
     */
    static HttpResponse.BodyHandler<InputStream> handler(Set<ResponseStream> open, ResponseStream[] created) {
        return info -> {
            ResponseStream response = new ResponseStream(open);
            open.add(response);
            created[0] = response;
            return response;
        };
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return stream.getBody().thenApply(in -> {
            body = in;
            // Aborted between the headers and now: the reader's first read fails instead of waiting.
            if (aborted != null) {
                close(in);
            }
            return in;
        });
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        upstream = subscription;
        if (aborted != null) {
            // Aborted before the body started: nothing will be read, so the connection goes at once.
            subscription.cancel();
        }
        stream.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (!discarding) {
                    upstream.request(n);
                }
            }

            @Override
            public void cancel() {
                // The reader closed the stream: drop the rest of the body rather than the connection.
                if (aborted != null) {
                    upstream.cancel();
                    end();
                } else if (!discarding) {
                    discarding = true;
                    upstream.request(Long.MAX_VALUE);
                }
            }
        });
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        if (!discarding) {
            stream.onNext(item);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        if (!discarding) {
            stream.onError(throwable);
        }
        end();
    }

    @Override
    public void onComplete() {
        if (!discarding) {
            stream.onComplete();
        }
        end();
    }

    /** Aborts reading when {@code timer}, once scheduled, fires; cancelled when the body ends first. */
    void expireWith(Future<?> timer) {
        this.timer = timer;
        if (ended) {
            timer.cancel(false);
        }
    }

    /**
     * Stops reading for good: the connection is closed and the reader's next read fails. An abort
     * that comes between the response's headers and its body (the session closed just then) takes
     * effect when the body arrives: the reader is never left waiting on a body nobody will end.
     */
    void abort(Abort why) {
        if (ended || aborted != null) {
            return;
        }
        aborted = why;
        close(body);
        Flow.Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
        end();
    }

    /** Why reading was aborted, or null. */
    Abort aborted() {
        return aborted;
    }

    /** The reader is done: whatever is left of the body is dropped as it arrives. */
    void release() {
        close(body);
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        Future<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        open.remove(this);
    }

    private static void close(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            // Nothing to keep.
        }
    }
}
