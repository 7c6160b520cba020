package dev.sightline.mcp.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Security;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client for every URL a user or a server supplies (MCP URLs, metadata, OAuth
 * endpoints). It refuses anything but https, and any host that resolves to an address that is not
 * public ({@link AddressKind}: loopback, private, link-local, unique-local, carrier-grade NAT,
 * multicast, unspecified, reserved, also when carried inside an IPv6 form); redirects are
 * followed by hand so every hop is checked again. A development switch allows http to loopback
 * (the demo, the tests and the conformance suite run there); private networks stay refused.
 * <p>
 * DNS rebinding: the addresses are checked right before each request, and the JVM's positive DNS
 * cache (pinned to 30 s below) makes the connection use that same answer, so a name cannot flip
 * to an internal address between the check and the connect.
 */
public final class SafeHttp {

    private static final Logger log = LoggerFactory.getLogger(SafeHttp.class);
    private static final int MAX_REDIRECTS = 5;
    private static final Set<AddressKind> PUBLIC_ONLY = EnumSet.of(AddressKind.PUBLIC);
    private static final Set<AddressKind> LOOPBACK_ONLY = EnumSet.of(AddressKind.LOOPBACK);

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
        checkResolved(uri, addresses);
    }

    /** Judges every address the URL's host resolved to; apart from resolving, so any answer a DNS server could give can be tested. */
    void checkResolved(URI uri, InetAddress[] addresses) throws UnsafeUrlException {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        for (InetAddress address : addresses) {
            Set<AddressKind> kinds = AddressKind.of(address);
            // The development switch trusts loopback in whatever form it is written (::7f00:1,
            // 64:ff9b::7f00:1): such a form reaches a loopback interface at most, which the switch
            // already opens, and never a private network. Anything else must be public.
            if (options.allowLoopbackHttp() && kinds.equals(LOOPBACK_ONLY)) {
                continue;
            }
            if (!kinds.equals(PUBLIC_ONLY)) {
                // The message names the host as typed, not the address: telling which internal
                // address a name resolves to would let anyone map the network behind Sightline.
                log.debug("Refused {}: it resolves to {} ({})", uri.getHost(), address.getHostAddress(), kinds);
                throw new UnsafeUrlException("The host " + uri.getHost()
                        + " resolves to a private or local network address, which Sightline does not connect to.");
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

    /** Whether an address is refused when the development switch is off: anything not public. */
    static boolean forbidden(InetAddress address) {
        return !AddressKind.of(address).equals(PUBLIC_ONLY);
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
