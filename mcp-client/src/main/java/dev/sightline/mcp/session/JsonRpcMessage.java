package dev.sightline.mcp.session;

import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON-RPC message from the server, bound in one pass: a response's {@code result} goes
 * straight to the type the request expects, with no tree in between; a request's or
 * notification's {@code params} become a tree (they are small and rare).
 *
 * @param id     the request id (a number or a string), or null for a notification
 * @param method set on requests and notifications
 * @param params a request's or notification's parameters, or null
 * @param result a response's result, bound to the expected type
 * @param error  an error response's error
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record JsonRpcMessage(Object id, String method, JsonNode params, Object result, McpSchema.JSONRPCResponse.JSONRPCError error) {

    // How the SDK reads MCP types, too.
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

    /** The message as Jackson binds it, its result typed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Typed<T>(Object id, String method, JsonNode params, T result, McpSchema.JSONRPCResponse.JSONRPCError error) {
    }

    boolean isResponse() {
        return method == null && id != null && (result != null || error != null);
    }

    boolean isRequest() {
        return method != null && id != null;
    }

    boolean isNotification() {
        return method != null && id == null;
    }

    /** Reads one message; {@code resultType} null reads a result as a tree. */
    static JsonRpcMessage read(byte[] data, int offset, int length, Class<?> resultType) {
        return of(reader(resultType).readValue(data, offset, length));
    }

    static JsonRpcMessage read(InputStream in, Class<?> resultType) {
        return of(reader(resultType).readValue(in));
    }

    private static JsonRpcMessage of(Typed<?> typed) {
        return new JsonRpcMessage(typed.id(), typed.method(), typed.params(), typed.result(), typed.error());
    }

    private static ObjectReader reader(Class<?> resultType) {
        return READERS.computeIfAbsent(resultType == null ? JsonNode.class : resultType, type -> {
            JavaType typed = JSON.getTypeFactory().constructParametricType(Typed.class, type);
            return JSON.readerFor(typed);
        });
    }

    /** Whether {@code id} as the server echoed it names request {@code number}. */
    static boolean sameId(Object id, long number) {
        return id instanceof Number n ? n.longValue() == number && !(id instanceof Double || id instanceof Float)
                : id instanceof String s && s.equals(Long.toString(number));
    }
}
