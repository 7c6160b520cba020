package dev.sightline.account.internal;

import java.time.Duration;

import dev.sightline.jobs.ScheduledJob;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * The account module's housekeeping, once across every node: expired sessions leave the session
 * table (Spring Session's own per-node cleanup is switched off in the configuration for this), and
 * failed sign-in counts older than an hour go.
 */
@Configuration(proxyBeanMethods = false)
class AccountJobs {

    @Bean
    ScheduledJob expiredSessions(JdbcIndexedSessionRepository sessions) {
        return new ScheduledJob("expired-sessions", Duration.ofMinutes(1), sessions::cleanUpExpiredSessions);
    }

    @Bean
    ScheduledJob oldSignInFailures(SignInThrottle throttle) {
        return new ScheduledJob("old-sign-in-failures", Duration.ofMinutes(10), throttle::forgetOld);
    }
}
