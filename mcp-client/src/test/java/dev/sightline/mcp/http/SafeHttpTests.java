package dev.sightline.mcp.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeHttpTests {

    final SafeHttp production = new SafeHttp(SafeHttp.Options.production());
    final SafeHttp development = new SafeHttp(new SafeHttp.Options(true, Duration.ofSeconds(2), Duration.ofSeconds(5), 1024));

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1",
            "::1", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::", "fec0::1", "ff0e::1",
            "255.255.255.255", "240.0.0.1", "198.18.0.1", "192.0.0.8"})
    void privateAndLocalAddressesAreForbidden(String address) throws Exception {
        assertThat(SafeHttp.forbidden(InetAddress.getByName(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "151.101.1.69", "2606:4700:4700::1111",
            // IPv6 forms whose embedded IPv4 is public: NAT64, 6to4, IPv4-compatible, Teredo (server 65.54.227.120, client 8.8.8.8).
            "64:ff9b::808:808", "2002:808:808::1", "::808:808", "2001:0:4136:e378:8000:63bf:f7f7:f7f7"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(SafeHttp.forbidden(InetAddress.getByName(address))).as(address).isFalse();
    }

    /** IPv6 forms that carry an IPv4 address inside; each carries an internal one here, which decides. */
    @ParameterizedTest
    @ValueSource(strings = {
            "::7f00:1", "::a01:203", "::a9fe:a9fe",                                   // IPv4-compatible ::/96
            "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::6440:1", // NAT64 well-known prefix
            "64:ff9b::1", "64:ff9b::e000:1", "64:ff9b::ffff:ffff",
            "64:ff9b:1::7f00:1", "64:ff9b:1::808:808",                                // NAT64 local-use prefix: refused whole
            "2002:7f00:1::", "2002:a01:203::1", "2002:c0a8:101::", "2002:a9fe:a9fe::", // 6to4
            "::ffff:0:a01:203",                                                       // IPv4-translated (SIIT)
            "2001:0:4136:e378:8000:63bf:80ff:fffe",                                   // Teredo, client 127.0.0.1
            "2001:0:4136:e378::f5ff:fffe",                                            // Teredo, client 10.0.0.1
            "2001:0:a00:1::f7f7:f7f7"})                                               // Teredo, server 10.0.0.1
    void internalAddressesInsideIPv6FormsAreForbidden(String address) throws Exception {
        assertThat(SafeHttp.forbidden(InetAddress.getByName(address))).as(address).isTrue();
        assertThatThrownBy(() -> production.check(URI.create("https://[" + address + "]/mcp")))
                .isInstanceOf(UnsafeUrlException.class).hasMessageContaining("private or local");
    }

    /**
     * The development switch trusts loopback in whatever form it is written; private and link-local
     * addresses inside IPv6 forms stay refused with it on.
     */
    @Test
    void theDevelopmentSwitchTreatsEmbeddedLoopbackAsLoopbackAndNothingElse() throws Exception {
        development.check(URI.create("http://[::7f00:1]:8080/mcp"));
        development.check(URI.create("http://[64:ff9b::7f00:1]/mcp"));
        development.check(URI.create("https://[2002:7f00:1::]/mcp"));
        for (String internal : new String[] {"64:ff9b::a00:1", "::a9fe:a9fe", "2002:c0a8:101::", "2001:0:4136:e378::f5ff:fffe"}) {
            assertThatThrownBy(() -> development.check(URI.create("http://[" + internal + "]/mcp"))).as(internal)
                    .isInstanceOf(UnsafeUrlException.class).hasMessageContaining("private or local");
        }
    }

    /**
     * A name resolving to an internal address is refused with a message naming the name the user
     * typed and the reason, never the address it resolved to (that would map the internal network).
     */
    @ParameterizedTest
    @CsvSource({
            "10.1.2.3, 10.1.2.3",
            "::7f00:1, 127.0.0.1",
            "64:ff9b::a01:203, 10.1.2.3",
            "2002:a01:203::, 10.1.2.3",
            "::ffff:a01:203, 10.1.2.3",
            "2001:0:4136:e378::f5fe:fdfc, 10.1.2.3",
            "fd00:ec2::254, fd00:ec2::254"})
    void aNameResolvingInsideIsRefusedWithoutTellingTheAddress(String resolved, String inside) throws Exception {
        InetAddress address = InetAddress.getByName(resolved);
        // A DNS answer for ::ffff:a.b.c.d can arrive as an IPv6 address, which the literal parser would have turned into IPv4.
        if (resolved.startsWith("::ffff:")) {
            address = Inet6Address.getByAddress("db.internal.example", ipv4Mapped(InetAddress.getByName(inside).getAddress()), -1);
        }
        InetAddress answer = address;
        assertThatThrownBy(() -> production.checkResolved(URI.create("https://db.internal.example/mcp"), new InetAddress[] {answer}))
                .isInstanceOf(UnsafeUrlException.class)
                .hasMessageContaining("db.internal.example")
                .hasMessageContaining("resolves to a private or local network address")
                .hasMessageNotContaining(answer.getHostAddress())
                .hasMessageNotContaining(inside)
                .hasMessageNotContaining(resolved);
    }

    private static byte[] ipv4Mapped(byte[] ipv4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, b, 12, 4);
        return b;
    }

    @Test
    void schemesAndHostsAreCheckedBeforeAnyConnection() {
        assertThatThrownBy(() -> production.check(URI.create("http://example.com/mcp"))).hasMessageContaining("https");
        assertThatThrownBy(() -> production.check(URI.create("https://127.0.0.1/mcp"))).hasMessageContaining("private or local");
        assertThatThrownBy(() -> production.check(URI.create("https://169.254.169.254/latest"))).hasMessageContaining("private or local");
        assertThatThrownBy(() -> production.check(URI.create("https://user:pw@example.com/"))).hasMessageContaining("credentials");
        assertThatThrownBy(() -> production.check(URI.create("file:///etc/passwd"))).isInstanceOf(UnsafeUrlException.class);
        assertThatThrownBy(() -> development.check(URI.create("http://10.0.0.1/mcp"))).hasMessageContaining("private or local");
    }

    @Test
    void everyRedirectHopIsCheckedAndBodiesAreCapped() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/to-metadata", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/big", exchange -> {
            byte[] body = new byte[4096];
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/small", exchange -> {
            byte[] body = "ok".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThatThrownBy(() -> development.send(HttpRequest.newBuilder(URI.create(base + "/to-metadata")).build()))
                    .isInstanceOf(UnsafeUrlException.class).hasMessageContaining("169.254.169.254");
            assertThatThrownBy(() -> development.send(HttpRequest.newBuilder(URI.create(base + "/big")).build()))
                    .hasMessageContaining("larger than 1024 bytes");
            assertThat(new String(development.send(HttpRequest.newBuilder(URI.create(base + "/small")).build()).body())).isEqualTo("ok");
            assertThatThrownBy(() -> production.send(HttpRequest.newBuilder(URI.create(base + "/small")).build())).isInstanceOf(UnsafeUrlException.class);
        } finally {
            server.stop(0);
        }
    }
}
