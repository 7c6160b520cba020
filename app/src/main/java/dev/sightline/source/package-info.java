/**
 * Data sources: the connector catalog, the connect flow, status and disconnect. For now it owns
 * the Data Sources page and Settings → Integrations, which say what is coming.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Data sources")
package dev.sightline.source;
