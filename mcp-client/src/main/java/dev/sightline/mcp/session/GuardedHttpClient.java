package dev.sightline.mcp.session;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import dev.sightline.mcp.http.SafeHttp;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The HTTP client the SDK transport sends MCP messages with. It adds what the transport leaves
 * out: the SSRF check on every request, the size limit on every message the server sends
 * ({@link ResponseLimit}), and resumption of a POST's SSE stream that the server
 * closes before answering (Streamable HTTP, "Resumability and Redelivery"): after the stream's
 * {@code retry} delay, a GET with {@code Last-Event-ID} continues it, and its events are handed to
 * the transport as if the first stream had gone on.
 */
final class GuardedHttpClient extends HttpClient {

    private static final int MAX_RESUMPTIONS = 5;
    private static final long DEFAULT_RETRY_MS = 1000;
    private static final long CLOSE_AFTER_EVENT_MS = 40;
    private static final long MAX_NOTICE_LAG_MS = 150;

    private final HttpClient delegate;
    private final SafeHttp http;
    private final ResponseLimit limit;

    GuardedHttpClient(HttpClient delegate, SafeHttp http, ResponseLimit limit) {
        this.delegate = delegate;
        this.http = http;
        this.limit = limit;
    }

    static HttpClient.Builder builder(SafeHttp http, int maxResponseBytes) {
        return new GuardedBuilder(http.builder(), http, new ResponseLimit(maxResponseBytes));
    }

    /** A builder for the SDK transport that hands it {@code shared}, whatever it configures (it sets only the connect timeout). */
    static HttpClient.Builder sharing(HttpClient shared) {
        return new GuardedBuilder(HttpClient.newBuilder(), null, null) {
            @Override
            public HttpClient build() {
                return shared;
            }
        };
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        http.check(request.uri());
        return delegate.send(request, limit.bound(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return sendAsync(request, handler, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        try {
            http.check(request.uri());
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return delegate.sendAsync(request, limit.bound(request, handler), push).thenApply(response -> {
            boolean sse = response.headers().firstValue("Content-Type").map(t -> t.startsWith("text/event-stream")).orElse(false);
            if ("POST".equals(request.method()) && sse && response.body() instanceof Flow.Publisher<?> body) {
                return (HttpResponse<T>) new Resumed<>(response, (Flow.Publisher<T>) resumable((Flow.Publisher<List<ByteBuffer>>) body, request));
            }
            return response;
        });
    }

    /** The stream's events, continued by GET + Last-Event-ID while no response has arrived. */
    private Flow.Publisher<List<ByteBuffer>> resumable(Flow.Publisher<List<ByteBuffer>> first, HttpRequest request) {
        SseWatch watch = new SseWatch();
        Flux<List<ByteBuffer>> stream = JdkFlowAdapter.flowPublisherToFlux(first).doOnNext(watch::observe)
                .concatWith(Flux.defer(() -> continuation(request, watch, 0)));
        return JdkFlowAdapter.publisherToFlowPublisher(stream);
    }

    private Flux<List<ByteBuffer>> continuation(HttpRequest original, SseWatch watch, int attempt) {
        if (watch.answered || watch.lastEventId == null || attempt >= MAX_RESUMPTIONS) {
            return Flux.empty();
        }
        HttpRequest.Builder get = HttpRequest.newBuilder(original.uri()).GET()
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", watch.lastEventId);
        copy(original.headers(), get, "Mcp-Session-Id", "MCP-Protocol-Version", "Authorization");
        // The server counts the retry delay from the moment it closed the stream, which lies between
        // its last event and the moment this client noticed the end. On a busy machine the end is
        // noticed late, so the delay is counted from the last event (plus a little, as the close
        // follows it), but never from more than a moment before the end was noticed.
        long retry = watch.retryMs >= 0 ? watch.retryMs : DEFAULT_RETRY_MS;
        long now = System.currentTimeMillis();
        long delay = Math.max(watch.lastEventAt + retry + CLOSE_AFTER_EVENT_MS, now + retry - MAX_NOTICE_LAG_MS) - now;
        return Mono.delay(Duration.ofMillis(Math.max(0, delay)))
                // Through this client, so the resumption GET gets the same address check as every request.
                .then(Mono.fromFuture(() -> sendAsync(get.build(), HttpResponse.BodyHandlers.ofPublisher())))
                .flatMapMany(response -> response.statusCode() == 200
                        ? JdkFlowAdapter.flowPublisherToFlux(response.body()).doOnNext(watch::observe)
                        : Flux.<List<ByteBuffer>>empty())
                .concatWith(Flux.defer(() -> continuation(original, watch, attempt + 1)));
    }

    private static void copy(HttpHeaders headers, HttpRequest.Builder target, String... names) {
        for (String name : names) {
            headers.firstValue(name).ifPresent(value -> target.header(name, value));
        }
    }

    /** Follows the SSE text just enough to know the last event id, the retry delay, and whether a response came. */
    private static final class SseWatch {
        private final StringBuilder line = new StringBuilder();
        volatile String lastEventId;
        volatile long retryMs = -1;
        volatile boolean answered;
        volatile long lastEventAt = System.currentTimeMillis();

        void observe(List<ByteBuffer> buffers) {
            lastEventAt = System.currentTimeMillis();
            for (ByteBuffer buffer : buffers) {
                String text = StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
                for (char c : text.toCharArray()) {
                    if (c == '\n') {
                        field(line.toString());
                        line.setLength(0);
                    } else if (c != '\r') {
                        line.append(c);
                    }
                }
            }
        }

        private void field(String l) {
            if (l.startsWith("id:")) {
                lastEventId = l.substring(3).trim();
            } else if (l.startsWith("retry:")) {
                try {
                    retryMs = Long.parseLong(l.substring(6).trim());
                } catch (NumberFormatException e) {
                    // Not a number: keep the default delay.
                }
            } else if (l.startsWith("data:") && (l.contains("\"result\"") || l.contains("\"error\"")) && l.contains("\"id\"")) {
                answered = true;
            }
        }
    }

    /** The original response with the resumable body. */
    private record Resumed<T>(HttpResponse<?> original, T body) implements HttpResponse<T> {
        @Override
        public int statusCode() {
            return original.statusCode();
        }

        @Override
        public HttpRequest request() {
            return original.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return original.headers();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return original.sslSession();
        }

        @Override
        public java.net.URI uri() {
            return original.uri();
        }

        @Override
        public Version version() {
            return original.version();
        }
    }

    // ---- plain delegation ----

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    /** Builds the guarded client around whatever the transport configures. */
    private static class GuardedBuilder implements HttpClient.Builder {
        private final HttpClient.Builder delegate;
        private final SafeHttp http;
        private final ResponseLimit limit;

        GuardedBuilder(HttpClient.Builder delegate, SafeHttp http, ResponseLimit limit) {
            this.delegate = delegate;
            this.http = http;
            this.limit = limit;
        }

        @Override
        public Builder cookieHandler(CookieHandler cookieHandler) {
            delegate.cookieHandler(cookieHandler);
            return this;
        }

        @Override
        public Builder connectTimeout(Duration duration) {
            delegate.connectTimeout(duration);
            return this;
        }

        @Override
        public Builder sslContext(SSLContext sslContext) {
            delegate.sslContext(sslContext);
            return this;
        }

        @Override
        public Builder sslParameters(SSLParameters sslParameters) {
            delegate.sslParameters(sslParameters);
            return this;
        }

        @Override
        public Builder executor(Executor executor) {
            delegate.executor(executor);
            return this;
        }

        @Override
        public Builder followRedirects(Redirect policy) {
            // Redirects stay off: a redirect could lead the session to an address nobody checked.
            return this;
        }

        @Override
        public Builder version(Version version) {
            delegate.version(version);
            return this;
        }

        @Override
        public Builder priority(int priority) {
            delegate.priority(priority);
            return this;
        }

        @Override
        public Builder proxy(ProxySelector proxySelector) {
            delegate.proxy(proxySelector);
            return this;
        }

        @Override
        public Builder authenticator(Authenticator authenticator) {
            delegate.authenticator(authenticator);
            return this;
        }

        @Override
        public HttpClient build() {
            return new GuardedHttpClient(delegate.build(), http, limit);
        }
    }

}
