package dev.sightline.mcp.session;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executors every MCP session of a connector shares: a fixed number of daemon threads that
 * end when idle. For the HTTP client, instead of the JDK's default cached pool, which grows a
 * thread for every task waiting at once: its tasks are short (moving bytes between the socket
 * and the response), so a queue in front of a few threads serves them as well. For the events
 * of sessions (a changed tool list to re-read, a server's request on the standalone stream),
 * which are rare.
 */
final class SharedExecutor {

    private SharedExecutor() {
    }

    static ExecutorService create(String name) {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Daemon threads named {@code name-1}, {@code name-2}...: they never keep the JVM alive. */
    static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
