/** Typed tables: what tool results and business data become before they are charted or downloaded. */
@org.springframework.modulith.ApplicationModule(displayName = "Datasets")
package dev.sightline.dataset;
