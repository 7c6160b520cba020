package dev.sightline.evaluation;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.sightline.evaluation.Oracle.Prepared;
import dev.sightline.testing.SandboxProcess;

/**
 * Computes the right answers of a questions file without asking Sightline: a sandbox is started
 * as the tests start it, and each line prints its filled question and the oracle's expectation (or
 * why it could not compute one). Lets a question writer check a recipe without the engine.
 * Run with {@code ./evaluate --oracle <file.jsonl>}.
 */
public final class OracleCheck {

    private OracleCheck() {
    }

    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
        if (args.length < 1) {
            System.err.println("usage: ./evaluate --oracle <file.jsonl> [--zone <workspace time zone>]");
            System.exit(2);
        }
        ZoneId zone = args.length > 2 && args[1].equals("--zone") ? ZoneId.of(args[2]) : ZoneOffset.UTC;
        EvaluationSet set = EvaluationSet.read(Path.of(args[0]));
        int unknown = 0;
        try (SandboxTools tools = SandboxTools.connect(URI.create(SandboxProcess.shared().mcpUrl()), "alice@example.com", true)) {
            Oracle oracle = new Oracle(tools, Clock.fixed(SandboxProcess.NOW, ZoneOffset.UTC), zone);
            System.out.println("sandbox now: " + SandboxProcess.NOW);
            for (EvaluationSet.Question q : set.questions()) {
                Prepared p = oracle.prepare(q);
                if (p.expected() instanceof Expected.Unknown) {
                    unknown++;
                }
                System.out.println(q.id() + "  " + p.text());
                System.out.println("    -> " + p.expected().describe());
            }
        }
        System.out.println(set.questions().size() + " questions, " + unknown + " the oracle could not compute");
        System.exit(0);
    }
}
