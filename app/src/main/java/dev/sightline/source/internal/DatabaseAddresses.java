package dev.sightline.source.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.sightline.mcp.http.AddressKind;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where a business database may be. They live on private networks, so those are allowed; the
 * server itself (loopback, any-local), link-local addresses (cloud metadata at 169.254.169.254)
 * and Sightline's own database are not, unless an administrator allows loopback.
 * <p>
 * Checked twice: by name when a source is added (every address the name resolves to, with a
 * message the person can act on), and by the driver's sockets on every connection they make
 * ({@link GuardedDatabaseSockets}), since a name can resolve elsewhere later (DNS rebinding) and a
 * pool connects again whenever it likes.
 */
@Component
class DatabaseAddresses {

    /** The driver properties that carry this policy to {@link GuardedDatabaseSockets}, which the driver makes by name. */
    static final String ALLOW_LOOPBACK = "sightlineAllowLoopback";
    static final String OWN_DATABASE = "sightlineOwnDatabase";

    private final boolean allowLoopback;
    /** Sightline's own PostgreSQL's addresses and port, when it is one; empty otherwise. */
    private final List<InetSocketAddress> ownDatabase;

    DatabaseAddresses(@Value("${sightline.databases.allow-loopback:false}") boolean allowLoopback, @Value("${spring.datasource.url:}") String ownUrl) {
        this.allowLoopback = allowLoopback;
        this.ownDatabase = ownDatabase(ownUrl);
    }

    /** Refuses, with the reason, a host a database may not be at; before anything is saved. */
    void check(DatabaseSettings settings) {
        String host = settings.host().startsWith("[") ? settings.host().substring(1, settings.host().length() - 1) : settings.host();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new ConnectionException("The database could not be reached: there is no host named " + Texts.shorten(host, 80) + ".");
        }
        for (InetAddress address : addresses) {
            String refusal = refusal(new InetSocketAddress(address, settings.port()), allowLoopback, ownDatabase);
            if (refusal != null) {
                throw new ConnectionException("That address is not allowed for a database: " + refusal);
            }
        }
    }

    /** The driver properties that make every connection's socket check the address it reaches. */
    Map<String, String> driverProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("socketFactory", GuardedDatabaseSockets.class.getName());
        properties.put(ALLOW_LOOPBACK, String.valueOf(allowLoopback));
        properties.put(OWN_DATABASE, ownDatabase.stream().map(a -> a.getAddress().getHostAddress() + "/" + a.getPort()).collect(Collectors.joining(",")));
        return properties;
    }

    /**
     * Why a database may not be at this address, or null when it may. The kinds come from the same
     * classification as the URL guard, so an IPv6 form carrying an IPv4 address (::7f00:1,
     * 64:ff9b::a9fe:a9fe, 6to4, Teredo) counts as the loopback or link-local address it leads to.
     */
    static String refusal(InetSocketAddress endpoint, boolean allowLoopback, List<InetSocketAddress> ownDatabase) {
        InetAddress address = endpoint.getAddress();
        Set<AddressKind> kinds = AddressKind.of(address);
        boolean local = kinds.contains(AddressKind.LOOPBACK) || kinds.contains(AddressKind.UNSPECIFIED);
        // fd00:ec2::254 is the cloud metadata service on IPv6; a unique-local address, so private by kind.
        boolean metadata = kinds.contains(AddressKind.LINK_LOCAL) || address.getHostAddress().equalsIgnoreCase("fd00:ec2:0:0:0:0:0:254");
        if (metadata) {
            return "link-local addresses (cloud metadata) are refused.";
        }
        if (local && !allowLoopback) {
            return "the server Sightline runs on is refused (an administrator can allow it with SIGHTLINE_DATABASES_ALLOW_LOOPBACK).";
        }
        if (ownDatabase.stream().anyMatch(own -> own.getPort() == endpoint.getPort() && own.getAddress().equals(address))) {
            return "that is Sightline's own database, which cannot be a data source.";
        }
        return null;
    }

    /** Sightline's own PostgreSQL, from its JDBC URL, so it is never reached as a source. */
    private static List<InetSocketAddress> ownDatabase(String url) {
        if (url == null || !url.startsWith("jdbc:postgresql://")) {
            return List.of();
        }
        try {
            URI uri = URI.create(url.substring("jdbc:".length()));
            int port = uri.getPort() > 0 ? uri.getPort() : 5432;
            return Arrays.stream(InetAddress.getAllByName(uri.getHost())).map(a -> new InetSocketAddress(a, port)).toList();
        } catch (IllegalArgumentException | UnknownHostException e) {
            return List.of();
        }
    }
}
