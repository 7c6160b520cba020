package dev.sightline.source.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.net.SocketFactory;

/**
 * The sockets a business database's driver connects with: each checks, as it connects, the
 * address it is about to reach against {@link DatabaseAddresses}' rules, so a host name that
 * resolved to a private database when the source was added and to the server itself now is
 * refused. PgJDBC makes one by class name (its {@code socketFactory} property) with the
 * connection's properties, which carry the policy; hence public.
 */
public final class GuardedDatabaseSockets extends SocketFactory {

    private final boolean allowLoopback;
    private final List<InetSocketAddress> ownDatabase = new ArrayList<>();

    public GuardedDatabaseSockets(Properties properties) {
        this.allowLoopback = Boolean.parseBoolean(properties.getProperty(DatabaseAddresses.ALLOW_LOOPBACK));
        for (String own : properties.getProperty(DatabaseAddresses.OWN_DATABASE, "").split(",")) {
            int slash = own.lastIndexOf('/');
            if (slash > 0) {
                // Literal addresses: no lookup happens here.
                ownDatabase.add(new InetSocketAddress(own.substring(0, slash), Integer.parseInt(own.substring(slash + 1))));
            }
        }
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                if (!(endpoint instanceof InetSocketAddress address) || address.isUnresolved()) {
                    throw new ConnectException("The database's address could not be checked, so Sightline did not connect.");
                }
                String refusal = DatabaseAddresses.refusal(address, allowLoopback, ownDatabase);
                if (refusal != null) {
                    throw new ConnectException("That address is not allowed for a database: " + refusal);
                }
                super.connect(endpoint, timeout);
            }
        };
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return createSocket(address, port);
    }

    private Socket connected(InetSocketAddress endpoint) throws IOException {
        Socket socket = createSocket();
        socket.connect(endpoint);
        return socket;
    }
}
