package dev.sightline.sandbox.traffic;

/**
 * What Arcjet's IP intelligence knows about an address. {@code networkType}: RESIDENTIAL, HOSTING,
 * VPN, PROXY, TOR, MOBILE. {@code riskLevel}: LOW, MEDIUM, HIGH.
 */
public record IpProfile(String address, String country, String city, int asn, String asnName, String networkType,
                        String riskLevel) {

    public boolean ipv6() {
        return address.indexOf(':') >= 0;
    }
}
