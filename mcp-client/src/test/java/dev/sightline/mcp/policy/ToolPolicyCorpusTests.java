package dev.sightline.mcp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy against a corpus of real and adversarial tool names whose verdicts were written from what
 * each tool really does (src/test/resources/policy/corpus.tsv). A false allow fails the build; a false
 * block, a harmless read the policy refuses, is only reported, so that the cost of strictness stays
 * visible.
 */
class ToolPolicyCorpusTests {

    record Entry(int line, String name, ToolDescriptor tool, boolean allow, String origin) {
        @Override
        public String toString() {
            return name + " [" + origin + "]";
        }
    }

    static final List<String> FALSE_BLOCKS = new CopyOnWriteArrayList<>();
    final ToolPolicy policy = ToolPolicy.standard();

    static List<Entry> corpus() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(ToolPolicyCorpusTests.class.getResourceAsStream("/policy/corpus.tsv"))) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                Map<String, Boolean> hints = new HashMap<>();
                if (!f[1].equals("-")) {
                    for (String hint : f[1].split(",")) {
                        String[] kv = hint.split("=");
                        hints.put(kv[0], Boolean.valueOf(kv[1]));
                    }
                }
                ToolDescriptor tool = new ToolDescriptor(f[0], f[2].replace("\\n", "\n"), hints.get("readOnly"), hints.get("destructive"),
                        hints.get("openWorld"));
                entries.add(new Entry(i + 1, f[0], tool, f[3].equals("allow"), f[4]));
            }
        }
        return entries;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void neverAllowsWhatChangesDataOrHandsOverASecret(Entry entry) {
        ToolVerdict verdict = policy.judge(entry.tool());
        if (!entry.allow()) {
            assertThat(verdict.allowed()).as("false allow of %s (corpus line %d)", entry, entry.line()).isFalse();
        } else if (!verdict.allowed()) {
            FALSE_BLOCKS.add(entry + ": " + verdict.reason());
        }
        if (!verdict.allowed()) {
            assertThat(verdict.reason()).as(entry.toString()).isNotBlank().endsWith(".").doesNotContain("\n");
        }
    }

    @Test
    void theCorpusIsLargeAndHoldsEveryMeasuredFailure() throws IOException {
        List<Entry> entries = corpus();
        assertThat(entries.stream().map(Entry::name).distinct()).hasSizeGreaterThanOrEqualTo(300);
        assertThat(entries).extracting(Entry::name).contains("d\u0435lete_user", "\uff44\uff45\uff4c\uff45\uff54\uff45_users",
                "nuke_everything", "truncate_table", "shutdown_server", "get_then_drop_table", "get_and_wipe_cache",
                "fetch_then_truncate_logs", "list_and_kill_processes", "get-env", "get_env", "printEnv", "get_jwt", "get_bearer", "get_status");
    }

    @AfterAll
    static void reportFalseBlocks() {
        StringBuilder report = new StringBuilder("Read-only policy corpus: " + FALSE_BLOCKS.size() + " false blocks (harmless reads refused)");
        FALSE_BLOCKS.stream().sorted().forEach(line -> report.append("\n  ").append(line));
        System.out.println(report);
    }
}
