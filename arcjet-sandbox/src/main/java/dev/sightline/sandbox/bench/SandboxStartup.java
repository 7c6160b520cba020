package dev.sightline.sandbox.bench;

import java.lang.management.ManagementFactory;

import dev.sightline.sandbox.SandboxApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the sandbox with the given arguments in a JVM of its own, then prints one line: how long
 * after the JVM started the sandbox was ready to answer, the processor time it took, and the heap
 * it holds after a full collection. {@link ToolLatencyBenchmark} runs it to measure start-up at a
 * large volume.
 */
public final class SandboxStartup {

    static final String RESULT = "sandbox-startup:";

    private SandboxStartup() {
    }

    public static void main(String[] args) {
        ConfigurableApplicationContext context = new SpringApplication(SandboxApplication.class).run(args);
        long ready = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        // What the start cost in processor time, which a busy machine does not inflate as it does the time to ready.
        long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1_000_000 : -1;
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.println(RESULT + " ready " + ready + " ms, heap " + heap + " bytes, cpu " + cpu + " ms");
        context.close();
        // The MCP SDK's servlet transport leaves a non-daemon sweeper thread behind.
        System.exit(0);
    }
}
