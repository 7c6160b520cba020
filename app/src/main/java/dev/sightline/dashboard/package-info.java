/** Dashboards of pinned analyses. For now, the Dashboards page's placeholder. */
@org.springframework.modulith.ApplicationModule(displayName = "Dashboards")
package dev.sightline.dashboard;
