package dev.sightline.mcp.http;

import java.net.InetAddress;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What kind of network an IP address leads to. Every check of where Sightline connects (URLs in
 * {@link SafeHttp}, database hosts in the app) classifies here, so they cannot disagree about an
 * address; each then applies its own rule to the kinds.
 * <p>
 * The JDK's {@code isLoopbackAddress()}, {@code isSiteLocalAddress()} and the like look at the
 * address as written. IPv6 forms that carry an IPv4 address inside (IPv4-mapped, IPv4-compatible,
 * IPv4-translated, NAT64, 6to4, Teredo) are delivered by a host stack, translator or tunnel to that
 * IPv4 address, so {@code ::7f00:1} or {@code 64:ff9b::a00:1} is as internal as 127.0.0.1 or
 * 10.0.0.1 although the JDK calls both ordinary. Here the IPv4 address inside is judged by the same
 * rules as plain IPv4.
 */
public enum AddressKind {
    /** Reachable on the internet. */
    PUBLIC,
    /** This machine: 127.0.0.0/8, ::1. */
    LOOPBACK,
    /** "This host" or "this network": 0.0.0.0/8 and ::, which common systems connect to this machine. */
    UNSPECIFIED,
    /** 169.254.0.0/16 (where clouds serve instance metadata) and fe80::/10. */
    LINK_LOCAL,
    /**
     * Networks inside an organisation: 10/8, 172.16/12, 192.168/16, carrier-grade NAT 100.64/10,
     * unique-local fc00::/7, the old site-local fec0::/10 and the local-use NAT64 prefix 64:ff9b:1::/48.
     */
    PRIVATE,
    /** 224.0.0.0/4 and ff00::/8. */
    MULTICAST,
    /**
     * Not routed on the internet: 240.0.0.0/4 with the broadcast address, 192.0.0.0/24, benchmarking
     * and documentation ranges, and IPv6 outside the global unicast 2000::/3 that no rule above names.
     */
    RESERVED;

    /**
     * Every kind the address leads to, never empty. Usually one; an IPv6 form carrying IPv4 adds the
     * kind of each IPv4 address inside (Teredo carries two, server and client), so a caller refusing
     * a kind refuses the address if any path leads there. A set rather than a single "worst" kind,
     * because callers order the kinds differently (a URL may reach loopback in development but never
     * a private network; a database may be on a private network but on loopback only if allowed).
     */
    public static Set<AddressKind> of(InetAddress address) {
        EnumSet<AddressKind> kinds = EnumSet.noneOf(AddressKind.class);
        byte[] b = address.getAddress();
        if (b.length == 4) {
            kinds.add(ofIPv4(b, 0));
        } else {
            addIPv6(b, kinds);
        }
        return Collections.unmodifiableSet(kinds);
    }

    private static AddressKind ofIPv4(byte[] b, int at) {
        int first = b[at] & 0xff;
        int second = b[at + 1] & 0xff;
        int third = b[at + 2] & 0xff;
        if (first == 0) {
            return UNSPECIFIED;
        }
        if (first == 127) {
            return LOOPBACK;
        }
        if (first == 169 && second == 254) {
            return LINK_LOCAL;
        }
        if (first == 10 || (first == 172 && (second & 0xf0) == 16) || (first == 192 && second == 168) || (first == 100 && (second & 0xc0) == 64)) {
            return PRIVATE;
        }
        if (first >= 224 && first < 240) {
            return MULTICAST;
        }
        boolean documentation = (first == 192 && second == 0 && third == 2) || (first == 198 && second == 51 && third == 100)
                || (first == 203 && second == 0 && third == 113);
        if (first >= 240 || (first == 192 && second == 0 && third == 0) || (first == 198 && (second & 0xfe) == 18) || documentation) {
            return RESERVED;
        }
        return PUBLIC;
    }

    private static void addIPv6(byte[] b, Set<AddressKind> kinds) {
        int first = b[0] & 0xff;
        if (zero(b, 0, 12)) {
            // ::/96 holds ::, ::1 and the deprecated IPv4-compatible form ::a.b.c.d.
            kinds.add(zero(b, 12, 15) && b[15] == 0 ? UNSPECIFIED : zero(b, 12, 15) && b[15] == 1 ? LOOPBACK : ofIPv4(b, 12));
        } else if (zero(b, 0, 10) && ones(b, 10, 12)) {
            // IPv4-mapped ::ffff:a.b.c.d: a dual-stack socket sends it as IPv4. The JDK turns the
            // literal into IPv4, but an address built from 16 bytes (a DNS answer) may stay IPv6.
            kinds.add(ofIPv4(b, 12));
        } else if (zero(b, 0, 8) && ones(b, 8, 10) && zero(b, 10, 12)) {
            // IPv4-translated ::ffff:0:a.b.c.d (stateless translation, RFC 2765).
            kinds.add(ofIPv4(b, 12));
        } else if (first == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            if (zero(b, 4, 12)) {
                // NAT64 well-known prefix 64:ff9b::/96: the translator connects to the last 32 bits.
                kinds.add(ofIPv4(b, 12));
            } else if (b[4] == 0 && b[5] == 1) {
                // Local-use NAT64 64:ff9b:1::/48 (RFC 8215): a translator inside the operator's network,
                // whose prefix length, and so where the IPv4 address sits, only the operator knows.
                // Private as a whole; the usual /96 position is judged as well, for callers that allow private.
                kinds.add(PRIVATE);
                kinds.add(ofIPv4(b, 12));
            } else {
                kinds.add(RESERVED);
            }
        } else if ((b[0] & 0xff) == 0x20 && b[1] == 0x02) {
            // 6to4 2002:a.b.c.d::/48: a relay tunnels the packets to the IPv4 address in bits 16-48.
            kinds.add(ofIPv4(b, 2));
        } else if ((b[0] & 0xff) == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            // Teredo 2001:0::/32: the server's IPv4 address in bits 32-64, the client's in the last
            // 32 bits inverted. Packets can go to either, so both are judged.
            kinds.add(ofIPv4(b, 4));
            byte[] client = new byte[4];
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~b[12 + i];
            }
            kinds.add(ofIPv4(client, 0));
        } else if (first == 0xff) {
            kinds.add(MULTICAST);
        } else if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
            kinds.add(LINK_LOCAL);
        } else if ((first & 0xfe) == 0xfc || (first == 0xfe && (b[1] & 0xc0) == 0xc0)) {
            kinds.add(PRIVATE);
        } else if ((first & 0xe0) != 0x20 || documentationOrBenchmarkIPv6(b)) {
            // Outside 2000::/3 nothing is routed on the internet today.
            kinds.add(RESERVED);
        } else {
            kinds.add(PUBLIC);
        }
    }

    /** 2001:db8::/32 and 3fff::/20 (documentation), 2001:2::/48 (benchmarking). */
    private static boolean documentationOrBenchmarkIPv6(byte[] b) {
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        int w2 = ((b[4] & 0xff) << 8) | (b[5] & 0xff);
        return (w0 == 0x2001 && w1 == 0x0db8) || (w0 == 0x3fff && (w1 & 0xf000) == 0) || (w0 == 0x2001 && w1 == 0x0002 && w2 == 0);
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean ones(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if ((b[i] & 0xff) != 0xff) {
                return false;
            }
        }
        return true;
    }
}
