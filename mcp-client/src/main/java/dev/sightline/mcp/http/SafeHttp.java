package dev.sightline.mcp.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Security;
import java.time.Duration;
import java.util.Locale;

/**
 * The one HTTP client for every URL a user or a server supplies (MCP URLs, metadata, OAuth
 * endpoints). It refuses anything but https, and any host that resolves to a loopback, private,
 * link-local, unique-local, carrier-grade NAT, multicast or unspecified address; redirects are
 * followed by hand so every hop is checked again. A development switch allows http to loopback
 * (the demo, the tests and the conformance suite run there); private networks stay refused.
 * <p>
 * DNS rebinding: the addresses are checked right before each request, and the JVM's positive DNS
 * cache (pinned to 30 s below) makes the connection use that same answer, so a name cannot flip
 * to an internal address between the check and the connect.
 */
public final class SafeHttp {

    private static final int MAX_REDIRECTS = 5;

    static {
        if (Security.getProperty("networkaddress.cache.ttl") == null || "-1".equals(Security.getProperty("networkaddress.cache.ttl"))
                || "0".equals(Security.getProperty("networkaddress.cache.ttl"))) {
            Security.setProperty("networkaddress.cache.ttl", "30");
        }
    }

    /**
     * @param allowLoopbackHttp development switch: http and loopback addresses are allowed
     * @param connectTimeout    time limit for opening a connection
     * @param requestTimeout    time limit for a whole request
     * @param maxResponseBytes  larger bodies are refused, not truncated
     */
    public record Options(boolean allowLoopbackHttp, Duration connectTimeout, Duration requestTimeout, int maxResponseBytes) {

        public static Options production() {
            return new Options(false, Duration.ofSeconds(10), Duration.ofSeconds(30), 4 * 1024 * 1024);
        }

        public static Options development() {
            return new Options(true, Duration.ofSeconds(10), Duration.ofSeconds(30), 4 * 1024 * 1024);
        }
    }

    private final Options options;
    private final HttpClient client;

    public SafeHttp(Options options) {
        this.options = options;
        this.client = builder().build();
    }

    public Options options() {
        return options;
    }

    /** A builder configured like this client (no automatic redirects, the connect timeout), for the MCP transport. */
    public HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                // HTTP/1.1: MCP and OAuth servers gain nothing from the h2c upgrade attempt on every new connection.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    /** Refuses a URL whose scheme or resolved addresses are not allowed. */
    public void check(URI uri) throws UnsafeUrlException {
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
            throw new UnsafeUrlException("Not an absolute http(s) URL: " + uri);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            throw new UnsafeUrlException("URLs with credentials in them are not allowed: " + redact(uri));
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && options.allowLoopbackHttp())) {
            throw new UnsafeUrlException("Only https URLs are allowed: " + redact(uri));
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new UnsafeUrlException("The host " + uri.getHost() + " does not resolve.");
        }
        for (InetAddress address : addresses) {
            if (address.isLoopbackAddress() && options.allowLoopbackHttp()) {
                continue;
            }
            if (forbidden(address)) {
                throw new UnsafeUrlException("The host " + uri.getHost() + " resolves to a private or local address (" + address.getHostAddress()
                        + "), which Sightline does not connect to.");
            }
            if (scheme.equals("http")) {
                throw new UnsafeUrlException("Plain http is only allowed to loopback addresses: " + redact(uri));
            }
        }
    }

    /** Sends a request, checking the URL and every redirect hop; refuses bodies over the size limit. */
    public HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        HttpRequest current = request;
        for (int hop = 0; ; hop++) {
            check(current.uri());
            HttpRequest timed = HttpRequest.newBuilder(current, (name, value) -> true).timeout(options.requestTimeout()).build();
            HttpResponse<InputStream> response = client.send(timed, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304 && response.headers().firstValue("Location").isPresent()) {
                response.body().close();
                if (hop >= MAX_REDIRECTS) {
                    throw new IOException("Too many redirects from " + redact(request.uri()));
                }
                URI next = current.uri().resolve(response.headers().firstValue("Location").get());
                // Only GETs follow redirects; a POST redirected is an error, not a re-send.
                if (!current.method().equals("GET")) {
                    throw new IOException(current.method() + " to " + redact(current.uri()) + " was redirected; refusing to follow.");
                }
                current = HttpRequest.newBuilder(current, (name, value) -> !name.equalsIgnoreCase("authorization")).uri(next).build();
                continue;
            }
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(options.maxResponseBytes() + 1);
            }
            if (body.length > options.maxResponseBytes()) {
                throw new IOException("The response from " + redact(current.uri()) + " is larger than " + options.maxResponseBytes() + " bytes.");
            }
            return new Bytes(response, body);
        }
    }

    static boolean forbidden(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    || (first == 198 && (second == 18 || second == 19)) || first >= 240;
        }
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
            boolean mapped = isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return forbidden(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return uniqueLocal;
        }
        return true;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A URL fit for messages and logs: no query string, which may carry codes or tokens. */
    public static String redact(URI uri) {
        if (uri == null) {
            return "null";
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** A response whose body has been read, within the size limit. */
    private record Bytes(HttpResponse<InputStream> delegate, byte[] body) implements HttpResponse<byte[]> {
        @Override
        public int statusCode() {
            return delegate.statusCode();
        }

        @Override
        public HttpRequest request() {
            return delegate.request();
        }

        @Override
        public java.util.Optional<HttpResponse<byte[]>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return delegate.headers();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return delegate.sslSession();
        }

        @Override
        public URI uri() {
            return delegate.uri();
        }

        @Override
        public HttpClient.Version version() {
            return delegate.version();
        }
    }

}
