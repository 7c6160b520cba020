package dev.sightline.mcp.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressKindTests {

    /** Each form, with the kinds it must yield (space-separated). */
    @ParameterizedTest
    @CsvSource({
            // Plain IPv4 and IPv6, the rules the embedded forms are judged by.
            "8.8.8.8, PUBLIC", "127.0.0.1, LOOPBACK", "0.0.0.0, UNSPECIFIED", "0.1.2.3, UNSPECIFIED", "10.1.2.3, PRIVATE",
            "172.31.0.1, PRIVATE", "172.32.0.1, PUBLIC", "192.168.1.1, PRIVATE", "100.64.0.1, PRIVATE", "100.128.0.1, PUBLIC",
            "169.254.169.254, LINK_LOCAL", "224.0.0.1, MULTICAST", "255.255.255.255, RESERVED", "240.0.0.1, RESERVED",
            "192.0.0.8, RESERVED", "198.18.0.1, RESERVED", "203.0.113.5, RESERVED",
            "2606:4700:4700::1111, PUBLIC", "::1, LOOPBACK", "::, UNSPECIFIED", "fe80::1, LINK_LOCAL", "fd00:ec2::254, PRIVATE",
            "fec0::1, PRIVATE", "ff02::1, MULTICAST", "2001:db8::1, RESERVED", "4000::1, RESERVED",
            // IPv4-compatible ::/96.
            "::7f00:1, LOOPBACK", "::a01:203, PRIVATE", "::a9fe:a9fe, LINK_LOCAL", "::808:808, PUBLIC",
            // IPv4-translated ::ffff:0:0:0/96.
            "::ffff:0:a01:203, PRIVATE",
            // NAT64: the well-known prefix judged by its IPv4 address; the local-use prefix private whatever it carries.
            "64:ff9b::7f00:1, LOOPBACK", "64:ff9b::a00:1, PRIVATE", "64:ff9b::6440:1, PRIVATE", "64:ff9b::1, UNSPECIFIED",
            "64:ff9b::e000:1, MULTICAST", "64:ff9b::ffff:ffff, RESERVED", "64:ff9b::808:808, PUBLIC",
            "64:ff9b:1::7f00:1, PRIVATE LOOPBACK", "64:ff9b:1::808:808, PRIVATE PUBLIC",
            // 6to4 2002::/16, the IPv4 address in bits 16-48.
            "2002:7f00:1::, LOOPBACK", "2002:c0a8:101::1, PRIVATE", "2002:a9fe:a9fe::, LINK_LOCAL", "2002:808:808::1, PUBLIC",
            // Teredo 2001:0::/32: server 65.54.227.120 or 10.0.0.1; the client inverted in the last 32 bits.
            "2001:0:4136:e378:8000:63bf:80ff:fffe, PUBLIC LOOPBACK", "2001:0:4136:e378::f5ff:fffe, PUBLIC PRIVATE",
            "2001:0:a00:1::f7f7:f7f7, PRIVATE PUBLIC", "2001:0:4136:e378::f7f7:f7f7, PUBLIC"})
    void eachFormIsJudgedByWhereItLeads(String address, String expected) throws Exception {
        EnumSet<AddressKind> kinds = EnumSet.noneOf(AddressKind.class);
        Arrays.stream(expected.split(" ")).map(AddressKind::valueOf).forEach(kinds::add);
        assertThat(AddressKind.of(InetAddress.getByName(address))).as(address).isEqualTo(kinds);
    }

    /** The JDK turns a mapped literal into IPv4; sixteen bytes from a DNS answer can stay IPv6, and must be judged alike. */
    @Test
    void mappedAddressesHeldAsIPv6AreJudgedByTheirIPv4() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 169;
        mapped[13] = (byte) 254;
        mapped[14] = (byte) 169;
        mapped[15] = (byte) 254;
        InetAddress address = Inet6Address.getByAddress("metadata.example", mapped, -1);
        assertThat(address).isInstanceOf(Inet6Address.class);
        assertThat(AddressKind.of(address)).containsExactly(AddressKind.LINK_LOCAL);
    }
}
