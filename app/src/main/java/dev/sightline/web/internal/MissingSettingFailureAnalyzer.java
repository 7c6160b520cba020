package dev.sightline.web.internal;

import dev.sightline.web.MissingSetting;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link MissingSetting} into Spring Boot's "APPLICATION FAILED TO START" report. Registered in META-INF/spring.factories. */
class MissingSettingFailureAnalyzer extends AbstractFailureAnalyzer<MissingSetting> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingSetting cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
