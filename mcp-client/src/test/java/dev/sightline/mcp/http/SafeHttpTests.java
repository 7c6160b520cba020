package dev.sightline.mcp.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeHttpTests {

    final SafeHttp production = new SafeHttp(SafeHttp.Options.production());
    final SafeHttp development = new SafeHttp(new SafeHttp.Options(true, Duration.ofSeconds(2), Duration.ofSeconds(5), 1024));

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1",
            "::1", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1"})
    void privateAndLocalAddressesAreForbidden(String address) throws Exception {
        assertThat(SafeHttp.forbidden(InetAddress.getByName(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "151.101.1.69", "2606:4700:4700::1111"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(SafeHttp.forbidden(InetAddress.getByName(address))).as(address).isFalse();
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
