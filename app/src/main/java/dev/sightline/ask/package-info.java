/** Questions in plain language: plans, live tool calls, answers. For now, the Ask page's placeholder. */
@org.springframework.modulith.ApplicationModule(displayName = "Ask")
package dev.sightline.ask;
