package dev.sightline.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sandbox (environment variables in brackets).
 *
 * @param publicUrl          the sandbox's origin as clients see it [SANDBOX_PUBLIC_URL]; default http://127.0.0.1:&lt;port&gt;
 * @param seed               seed of the generated traffic [SANDBOX_SEED]
 * @param requestsPerSite    requests in 30 days for a busy site [SANDBOX_REQUESTS_PER_SITE]
 * @param now                a fixed "now" for reproducible data [SANDBOX_NOW]; default the start time
 * @param accessTokenTtl     lifetime of access tokens [SANDBOX_ACCESS_TOKEN_TTL]
 * @param refreshTokenTtl    lifetime of refresh tokens [SANDBOX_REFRESH_TOKEN_TTL]
 * @param toolAnnotations    serve MCP tool annotations (readOnlyHint, destructiveHint) [SANDBOX_TOOL_ANNOTATIONS]
 * @param conformance        serve /mcp without OAuth, plus the conformance suite's fixture tools [SANDBOX_CONFORMANCE]
 * @param businessDataDir    where the Acme business data (daily signups CSV) is written [SANDBOX_BUSINESS_DATA_DIR]
 * @param dataDir            where the authorization server keeps its clients and tokens across restarts [SANDBOX_DATA_DIR]
 * @param output             how tools answer [SANDBOX_OUTPUT]: {@code json} (structured content, output schemas) or
 *                           {@code markdown} (text only, like Arcjet's earlier open-source MCP server)
 * @param callLatency        added to every tool call before it answers [SANDBOX_CALL_LATENCY], e.g. {@code 30ms}: the
 *                           round trip to a hosted vendor, which a server on this machine does not have; default none
 */
@ConfigurationProperties("sandbox")
public record SandboxProperties(String publicUrl, Long seed, Integer requestsPerSite, Instant now, Duration accessTokenTtl,
                                Duration refreshTokenTtl, boolean toolAnnotations, boolean conformance, Path businessDataDir,
                                Path dataDir, Output output, Duration callLatency) {

    /** How tools answer. */
    public enum Output {
        /** Structured content with an output schema per tool, and the same JSON as text. */
        JSON,
        /** One markdown text per result: no structured content, no output schemas, no annotations, failures as plain text. */
        MARKDOWN
    }

    public SandboxProperties {
        seed = seed == null ? dev.sightline.sandbox.world.SandboxWorld.DEFAULT_SEED : seed;
        requestsPerSite = requestsPerSite == null ? 200_000 : requestsPerSite;
        accessTokenTtl = accessTokenTtl == null ? Duration.ofMinutes(15) : accessTokenTtl;
        refreshTokenTtl = refreshTokenTtl == null ? Duration.ofDays(30) : refreshTokenTtl;
        businessDataDir = businessDataDir == null ? Path.of("data", "business") : businessDataDir;
        dataDir = dataDir == null ? Path.of("data", "sandbox") : dataDir;
        output = output == null ? Output.JSON : output;
        callLatency = callLatency == null || callLatency.isNegative() ? Duration.ZERO : callLatency;
    }
}
