/**
 * Sightline's MCP client: sessions over Streamable HTTP, the MCP OAuth client, the read-only tool
 * policy and an SSRF-safe fetcher. Plain Java, no Spring, so it can run as a CLI too.
 */
package dev.sightline.mcp;
