package dev.sightline.mcp.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Flow;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one size limit on what an MCP server may send in one message, enforced while the bytes
 * arrive: a JSON body counts whole, an SSE stream counts per event. Nothing past the limit is
 * read: the connection is dropped, and the SDK reads in its place an answer that says so. For
 * {@code tools/call} that answer is a tool result with {@code isError} (the call was made and
 * its answer is unusable: retrying would fetch the same bytes again); for other requests a
 * JSON-RPC error. A stream that answers no request (the standalone GET) fails instead.
 */
final class ResponseLimit {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final int maxBytes;

    ResponseLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** "8 MB": the limit as people read it. */
    String describe() {
        return maxBytes % (1024 * 1024) == 0 ? maxBytes / (1024 * 1024) + " MB" : Math.max(1, maxBytes / 1024) + " KB";
    }

    <T> HttpResponse.BodyHandler<T> bound(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return info -> {
            String type = info.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            boolean events = type.startsWith("text/event-stream");
            boolean answers = info.statusCode() / 100 == 2 && (events || type.startsWith("application/json"));
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return new Bounded<>(handler.apply(info), events, declared, answers ? request : null);
        };
    }

    /** What the SDK reads instead of an oversized answer to {@code request}, or empty when it answers no request. */
    private Optional<byte[]> replacement(HttpRequest request, boolean events) {
        JsonNode message = requestBody(request);
        if (message == null || !message.hasNonNull("id")) {
            return Optional.empty();
        }
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", message.get("id"));
        if ("tools/call".equals(message.path("method").asString(""))) {
            ObjectNode result = response.putObject("result");
            result.putArray("content").addObject().put("type", "text").put("text", "The tool's answer is larger than " + describe() + ", so it was not read.");
            result.put("isError", true);
        } else {
            response.putObject("error").put("code", -32603).put("message", "The server's answer is larger than " + describe() + ", so it was not read.");
        }
        String json = JSON.writeValueAsString(response);
        return Optional.of((events ? "event: message\ndata: " + json + "\n\n" : json).getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON-RPC message a POST carries; the SDK sends it from a string, which can be read again. */
    private static JsonNode requestBody(HttpRequest request) {
        if (request == null || request.bodyPublisher().isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean[] complete = {false};
        request.bodyPublisher().get().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.writeBytes(bytes);
            }

            @Override
            public void onError(Throwable throwable) {
                // Unreadable: the oversized answer then fails the request instead.
            }

            @Override
            public void onComplete() {
                complete[0] = true;
            }
        });
        if (!complete[0]) {
            return null;
        }
        try {
            return JSON.readTree(out.toByteArray());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Passes the body on one message at a time (the whole JSON body, or one SSE event), holding
     * back at most the limit. Demand: every item the server sends answers one item of the
     * downstream's demand; an item held back is asked for again, so the two stay equal.
     */
    private final class Bounded<T> implements HttpResponse.BodySubscriber<T> {
        private final HttpResponse.BodySubscriber<T> downstream;
        private final boolean events;
        private final long declared;
        private final HttpRequest request;
        private final List<ByteBuffer> held = new ArrayList<>();
        private long heldBytes;
        private long demand;
        private Flow.Subscription upstream;
        private boolean upstreamDone;
        private boolean finished;
        private List<ByteBuffer> last;
        // SSE: an event ends at an empty line; CR, LF and CRLF each end a line.
        private long lineLength;
        private boolean afterCr;

        Bounded(HttpResponse.BodySubscriber<T> downstream, boolean events, long declared, HttpRequest request) {
            this.downstream = downstream;
            this.events = events;
            this.declared = declared;
            this.request = request;
        }

        @Override
        public java.util.concurrent.CompletionStage<T> getBody() {
            return downstream.getBody();
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription subscription) {
            upstream = subscription;
            downstream.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    demanded(n);
                }

                @Override
                public void cancel() {
                    cancelled();
                }
            });
            if (!events && declared > maxBytes) {
                exceeded(List.of());
            }
        }

        private synchronized void demanded(long n) {
            if (n <= 0 || finished) {
                return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            if (last != null) {
                finish();
            } else if (!upstreamDone) {
                upstream.request(n);
            }
        }

        private synchronized void cancelled() {
            finished = true;
            if (!upstreamDone) {
                upstreamDone = true;
                upstream.cancel();
            }
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> items) {
            if (upstreamDone) {
                return;
            }
            List<ByteBuffer> ready = new ArrayList<>();
            for (ByteBuffer item : items) {
                if (events ? !split(item, ready) : !hold(item)) {
                    exceeded(ready);
                    return;
                }
            }
            if (ready.isEmpty()) {
                upstream.request(1);
            } else {
                demand--;
                downstream.onNext(ready);
            }
        }

        private boolean hold(ByteBuffer item) {
            held.add(item);
            heldBytes += item.remaining();
            return heldBytes <= maxBytes;
        }

        /** Moves every complete event into {@code ready} and holds the rest; false once an event outgrows the limit. */
        private boolean split(ByteBuffer item, List<ByteBuffer> ready) {
            int start = item.position();
            for (int i = item.position(); i < item.limit(); i++) {
                byte b = item.get(i);
                boolean endOfLine;
                if (b == '\n') {
                    endOfLine = !afterCr;
                    afterCr = false;
                } else if (b == '\r') {
                    endOfLine = true;
                    afterCr = true;
                } else {
                    endOfLine = false;
                    afterCr = false;
                    lineLength++;
                }
                if (endOfLine) {
                    if (lineLength == 0) {
                        if (heldBytes + (i + 1 - start) > maxBytes) {
                            return false;
                        }
                        ready.addAll(held);
                        ready.add(item.slice(start, i + 1 - start));
                        held.clear();
                        heldBytes = 0;
                        start = i + 1;
                    }
                    lineLength = 0;
                }
            }
            if (start < item.limit()) {
                return hold(item.slice(start, item.limit() - start));
            }
            return true;
        }

        /** Stops reading; the events that came complete before the oversized one still pass on. */
        private void exceeded(List<ByteBuffer> ready) {
            upstreamDone = true;
            upstream.cancel();
            held.clear();
            Optional<byte[]> instead = request == null ? Optional.empty() : replacement(request, events);
            if (instead.isPresent()) {
                List<ByteBuffer> rest = new ArrayList<>(ready);
                rest.add(ByteBuffer.wrap(instead.get()));
                last = rest;
                finish();
            } else {
                finished = true;
                downstream.onError(new ResponseTooLargeException("The server's answer is larger than " + describe() + ", so it was not read."));
            }
        }

        @Override
        public synchronized void onError(Throwable throwable) {
            if (upstreamDone) {
                return;
            }
            upstreamDone = true;
            finished = true;
            downstream.onError(throwable);
        }

        @Override
        public synchronized void onComplete() {
            if (upstreamDone) {
                return;
            }
            upstreamDone = true;
            last = List.copyOf(held);
            held.clear();
            finish();
        }

        /** Hands over what is left, once the downstream asks for it, and completes. */
        private void finish() {
            if (finished) {
                return;
            }
            if (!last.isEmpty()) {
                if (demand == 0) {
                    return;
                }
                demand--;
                downstream.onNext(last);
            }
            last = null;
            finished = true;
            downstream.onComplete();
        }
    }

    /** An oversized message that answers no request. */
    static final class ResponseTooLargeException extends IOException {
        ResponseTooLargeException(String message) {
            super(message);
        }
    }
}
