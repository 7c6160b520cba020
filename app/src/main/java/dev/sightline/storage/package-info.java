/**
 * The data directory: what Sightline keeps on disk (the H2 database, the demo's key file, logs,
 * file sources) is readable by the account that runs it and nobody else.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Data directory")
package dev.sightline.storage;
