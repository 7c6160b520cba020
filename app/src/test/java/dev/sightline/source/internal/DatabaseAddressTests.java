package dev.sightline.source.internal;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where a database source may be: private networks yes, link-local (cloud metadata) never, this
 * server only when an administrator allows loopback; IPv6 forms carrying an IPv4 address judged by
 * that address. The same rule holds on every socket a database driver opens, whatever the name
 * resolved to when the source was added. No database is started: a plain listening socket stands in.
 */
class DatabaseAddressTests {

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "fe80::1", "fd00:ec2::254",
            "::a9fe:a9fe", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::", "2001:0:4136:e378::5601:5601"})
    void linkLocalIsAlwaysRefused(String address) throws Exception {
        assertThat(refused(InetAddress.getByName(address), false)).as(address).contains("link-local");
        assertThat(refused(InetAddress.getByName(address), true)).as(address).contains("link-local");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "0.0.0.0", "::", "::7f00:1", "64:ff9b::7f00:1", "2002:7f00:1::",
            "2001:0:4136:e378:8000:63bf:80ff:fffe"})
    void thisServerIsRefusedUnlessLoopbackIsAllowed(String address) throws Exception {
        assertThat(refused(InetAddress.getByName(address), false)).as(address).contains("SIGHTLINE_DATABASES_ALLOW_LOOPBACK");
        assertThat(refused(InetAddress.getByName(address), true)).as(address).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3", "192.168.1.1", "172.16.5.4", "100.64.0.1", "fd12:3456::1", "64:ff9b::a00:1", "2002:a01:203::",
            "8.8.8.8", "2606:4700:4700::1111"})
    void privateAndPublicNetworksAreAllowed(String address) throws Exception {
        assertThat(refused(InetAddress.getByName(address), false)).as(address).isNull();
    }

    /** A DNS answer ::ffff:169.254.169.254 can stay an IPv6 address (the JDK only converts the literal). */
    @Test
    void aMappedAddressHeldAsIPv6IsJudgedByItsIPv4() throws Exception {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(InetAddress.getByName("169.254.169.254").getAddress(), 0, b, 12, 4);
        assertThat(refused(Inet6Address.getByAddress("db.example", b, -1), true)).contains("link-local");
    }

    @Test
    void theDriversSocketsCheckTheAddressTheyReachAsTheyConnect() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress here = new InetSocketAddress(InetAddress.getLoopbackAddress(), listening.getLocalPort());
            assertThatThrownBy(() -> sockets(new DatabaseAddresses(false, "")).createSocket("localhost", here.getPort()))
                    .isInstanceOf(ConnectException.class).hasMessageContaining("SIGHTLINE_DATABASES_ALLOW_LOOPBACK");
            try (Socket allowed = sockets(new DatabaseAddresses(true, "")).createSocket(here.getAddress(), here.getPort())) {
                assertThat(allowed.isConnected()).isTrue();
            }
            DatabaseAddresses ownHere = new DatabaseAddresses(true, "jdbc:postgresql://" + here.getAddress().getHostAddress() + ":" + here.getPort() + "/sightline");
            assertThatThrownBy(() -> sockets(ownHere).createSocket(here.getAddress(), here.getPort()))
                    .isInstanceOf(ConnectException.class).hasMessageContaining("Sightline's own database");
        }
    }

    private static String refused(InetAddress address, boolean allowLoopback) {
        return DatabaseAddresses.refusal(new InetSocketAddress(address, 5432), allowLoopback, List.of());
    }

    /** The factory as the driver makes it: by name, from the connection's properties. */
    private static GuardedDatabaseSockets sockets(DatabaseAddresses addresses) {
        Properties properties = new Properties();
        properties.putAll(addresses.driverProperties());
        assertThat(properties.getProperty("socketFactory")).isEqualTo(GuardedDatabaseSockets.class.getName());
        return new GuardedDatabaseSockets(properties);
    }
}
