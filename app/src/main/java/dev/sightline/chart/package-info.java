/** Chart specs chosen by intent and data shape, ready for ECharts in the browser. */
@org.springframework.modulith.ApplicationModule(displayName = "Charts")
package dev.sightline.chart;
