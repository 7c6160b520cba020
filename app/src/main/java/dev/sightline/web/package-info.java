/**
 * The web shell: page layout, shared view pieces, error pages, and the JSON error shape of the
 * REST API. Other modules render their pages into this layout.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web shell")
package dev.sightline.web;
