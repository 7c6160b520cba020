package dev.sightline.source.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

/**
 * Where a PostgreSQL source lives, as separate checked fields. A JDBC URL is never taken as given:
 * the driver's URL parameters include ones that load classes or write files, so only host, port,
 * database and TLS mode are read from it, and the URL is built again from them.
 */
record DatabaseSettings(String host, int port, String database, String user, String schema, String sslMode) {

    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    DatabaseSettings {
        host = host == null ? "" : host.strip();
        if (!host.matches("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]")) {
            throw new ConnectionException("Give the database's host name or address (letters, digits, dots and dashes).");
        }
        if (port < 1 || port > 65535) {
            throw new ConnectionException("The port must be a number from 1 to 65535 (PostgreSQL's is usually 5432).");
        }
        database = database == null ? "" : database.strip();
        if (database.isEmpty() || database.length() > 63 || database.matches(".*[\\s/?#&;=].*")) {
            throw new ConnectionException("Give the database's name (up to 63 characters, no spaces or / ? # & ; =).");
        }
        user = user == null ? "" : user.strip();
        if (user.isEmpty() || user.length() > 63) {
            throw new ConnectionException("Give the user to sign in as: a role that may only read is best.");
        }
        schema = schema == null || schema.isBlank() ? "public" : schema.strip();
        if (schema.length() > 63) {
            throw new ConnectionException("The schema name is too long (63 characters at most).");
        }
        // Encrypted unless asked otherwise: "prefer" would fall back to clear text, password included, without a word.
        sslMode = sslMode == null || sslMode.isBlank() ? "require" : sslMode.strip().toLowerCase(java.util.Locale.ROOT);
        if (!SSL_MODES.contains(sslMode)) {
            throw new ConnectionException("TLS mode must be one of disable, allow, prefer, require, verify-ca, verify-full.");
        }
    }

    /** From a URL as people paste them (postgresql://user@host:5432/db?sslmode=require or jdbc:postgresql://...); the fields given win. */
    static DatabaseSettings of(String url, String host, Integer port, String database, String user, String schema, String sslMode) {
        String urlHost = null;
        Integer urlPort = null;
        String urlDatabase = null;
        String urlUser = null;
        String urlSsl = null;
        if (url != null && !url.isBlank()) {
            String text = url.strip().replaceFirst("^jdbc:", "");
            if (!text.startsWith("postgresql://") && !text.startsWith("postgres://")) {
                throw new ConnectionException("Only PostgreSQL URLs are read: postgresql://host:5432/database.");
            }
            URI uri;
            try {
                uri = URI.create(text);
            } catch (IllegalArgumentException e) {
                throw new ConnectionException("That URL could not be read: give host, port and database separately.");
            }
            if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
                throw new ConnectionException("Put the password in its own field, not in the URL.");
            }
            urlHost = uri.getHost();
            urlPort = uri.getPort() > 0 ? uri.getPort() : null;
            urlDatabase = uri.getPath() == null ? null : uri.getPath().replaceFirst("^/", "");
            urlUser = uri.getUserInfo();
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                    if (key.equals("sslmode") && kv.length == 2) {
                        urlSsl = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
                    } else if (!key.equals("user") && !key.equals("currentSchema")) {
                        throw new ConnectionException("The URL parameter \"" + Texts.shorten(key, 40) + "\" is not accepted: only sslmode is.");
                    }
                }
            }
        }
        return new DatabaseSettings(blank(host) ? urlHost : host, port != null ? port : urlPort != null ? urlPort : 5432,
                blank(database) ? urlDatabase : database, blank(user) ? urlUser : user, schema, blank(sslMode) ? urlSsl : sslMode);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** What people see: no password, no parameters. */
    String location() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * The driver's settings: read-only at the session (so even a statement that tries to write is
     * refused by the server), a statement time limit, connect and socket time limits, the TLS mode.
     */
    Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sslmode", sslMode);
        p.put("readOnly", "true");
        p.put("readOnlyMode", "always");
        p.put("options", "-c default_transaction_read_only=on -c statement_timeout=" + TableEngines.STATEMENT_SECONDS * 1000);
        p.put("connectTimeout", "10");
        p.put("loginTimeout", "10");
        p.put("socketTimeout", String.valueOf(TableEngines.STATEMENT_SECONDS + 10));
        p.put("ApplicationName", "Sightline");
        return p;
    }

    String toJson() {
        return JsonMapper.shared().writeValueAsString(this);
    }

    static DatabaseSettings fromJson(String json) {
        return JsonMapper.shared().readValue(json, DatabaseSettings.class);
    }

    /** A failed connection or statement in words: which login failed, what could not be reached, which database is missing. */
    static String explain(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (state) {
            case "28P01" -> "The database refused the password for this user.";
            case "28000" -> "The database does not let this user sign in from here (pg_hba.conf) or the user does not exist.";
            case "3D000" -> "There is no database of that name on the server.";
            case "42501" -> "The user may not read this table: grant it SELECT.";
            case "25006" -> "The database refused the statement: the connection is read-only.";
            case "57014" -> "The query took longer than " + TableEngines.STATEMENT_SECONDS + " s and was stopped.";
            default -> state.startsWith("08")
                    ? "The database could not be reached (" + Texts.shorten(e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse(""), 160)
                            + "). Check the host, the port and that it accepts connections from Sightline."
                    : "The database answered with an error: " + Texts.shorten(e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse(""), 200);
        };
    }
}
