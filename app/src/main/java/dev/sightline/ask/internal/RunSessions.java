package dev.sightline.ask.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import dev.sightline.account.SightlineUser;
import dev.sightline.source.DataSources;

/**
 * The MCP sessions of one run (a question, or a dashboard's tiles): one per data source, taken on
 * first use and shared by the run's calls. When the run ends they are handed back (the source
 * keeps its connection for the next run); a session a call was abandoned on is closed, which ends
 * the calls still blocked on it. Both happen in the background, where a hanging server's slow
 * goodbye delays no answer.
 */
final class RunSessions implements AutoCloseable {

    private final DataSources dataSources;
    private final SightlineUser user;
    private final Long notBefore;
    private final Executor closer;
    private final Map<Long, Opening> sessions = new ConcurrentHashMap<>();

    /** {@code notBefore}: results of identical calls count only if they started at or after it (a refresh); null accepts any. */
    RunSessions(DataSources dataSources, SightlineUser user, Long notBefore, Executor closer) {
        this.dataSources = dataSources;
        this.user = user;
        this.notBefore = notBefore;
        this.closer = closer;
    }

    SightlineUser user() {
        return user;
    }

    Long notBefore() {
        return notBefore;
    }

    /** The source's session, opened now if need be (one source's slow opening holds up no other source). */
    DataSources.ToolSession of(long dataSourceId) {
        return sessions.computeIfAbsent(dataSourceId, id -> new Opening()).session(dataSourceId);
    }

    /** Closes this session of the source, if it is still the run's, and forgets it: the next call opens a new one. */
    void discard(long dataSourceId, DataSources.ToolSession session) {
        Opening opening = sessions.get(dataSourceId);
        if (opening != null) {
            closer.execute(() -> {
                if (opening.take(session)) {
                    session.abandon();
                }
            });
        }
    }

    @Override
    public void close() {
        sessions.values().forEach(opening -> closer.execute(() -> {
            DataSources.ToolSession session = opening.takeAny();
            if (session != null) {
                session.close();
            }
        }));
    }

    /** A session being opened or open; a failed opening is not kept, so the next call tries again. */
    private final class Opening {
        private DataSources.ToolSession session;

        synchronized DataSources.ToolSession session(long dataSourceId) {
            if (session == null) {
                session = dataSources.open(user, dataSourceId);
            }
            return session;
        }

        synchronized boolean take(DataSources.ToolSession expected) {
            if (session != expected) {
                return false;
            }
            session = null;
            return true;
        }

        synchronized DataSources.ToolSession takeAny() {
            DataSources.ToolSession taken = session;
            session = null;
            return taken;
        }
    }
}
