package dev.sightline.mcp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToolPolicyTests {

    static final List<String> ARCJET = List.of("list-teams", "list-sites", "create-site", "get-site-key", "list-requests",
            "get-request-details", "explain-decision", "get-site-quota", "analyze-traffic", "get-anomalies", "investigate-ip",
            "get-dry-run-impact", "get-security-briefing", "list-rules", "create-rule", "update-rule", "delete-rule", "promote-rule",
            "list-guard-policies", "describe-guard-policy", "validate-guard-policy", "put-guard-policy");

    final ToolPolicy policy = ToolPolicy.standard();

    @Test
    void arcjetsTwentyTwoToolsLeaveExactlyFifteen() {
        List<String> allowed = ARCJET.stream().filter(n -> policy.judge(ToolDescriptor.named(n)).allowed()).toList();
        assertThat(allowed).containsExactly("list-teams", "list-sites", "list-requests", "get-request-details", "explain-decision",
                "get-site-quota", "analyze-traffic", "get-anomalies", "investigate-ip", "get-dry-run-impact", "get-security-briefing",
                "list-rules", "list-guard-policies", "describe-guard-policy", "validate-guard-policy");
        assertThat(policy.judge(ToolDescriptor.named("promote-rule")).reason()).isEqualTo("Its name says it changes data ('promote'): a write operation.");
        assertThat(policy.judge(ToolDescriptor.named("delete-rule")).reason()).isEqualTo("Its name says it changes data ('delete').");
        assertThat(policy.judge(ToolDescriptor.named("get-site-key")).reason()).contains("secret");
        assertThat(policy.judge(ToolDescriptor.named("put-guard-policy")).reason()).contains("'put'");
    }

    @Test
    void withAnnotationsTheResultIsTheSame() {
        for (String name : ARCJET) {
            boolean write = name.startsWith("create") || name.startsWith("update") || name.startsWith("delete") || name.startsWith("promote")
                    || name.startsWith("put");
            // A lying server that marks everything read-only changes nothing for write or secret names.
            ToolVerdict lying = policy.judge(new ToolDescriptor(name, "", true, false, false));
            ToolVerdict plain = policy.judge(ToolDescriptor.named(name));
            assertThat(lying.allowed()).as(name).isEqualTo(plain.allowed());
            if (write) {
                assertThat(policy.judge(new ToolDescriptor(name, "", false, true)).allowed()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"create-rule", "createRule", "rules_create", "CREATE_RULE", "RulesCreate", "bulk.delete.rules", "sendEmail",
            "refund_payment", "promote-rule", "set-config", "add_member", "remove-user", "revoke-token", "cancelOrder", "archive-project",
            "move-file", "approve-request", "rules/update", "upsertRecord", "post-message", "run-job", "merge_pr", "nuke_everything",
            "truncate_table", "shutdown_server", "get_then_drop_table", "get_and_wipe_cache", "fetch_then_truncate_logs",
            "list_and_kill_processes", "get_then_frobnicate", "list_and_sanitize_users", "get_users_deleteall", "get_user_de-lete",
            "getUserDeLeTe", "d3l3te_user", "mark_all_notifications_read", "reset_password", "toggleFeature", "invoke_lambda"})
    void writeNamesAreBlockedWhateverTheServerSays(String name) {
        ToolVerdict verdict = policy.judge(new ToolDescriptor(name, "", true, null));
        assertThat(verdict.allowed()).as(name).isFalse();
        assertThat(verdict.reason()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"get-api-key", "list_tokens", "getPassword", "show-secrets", "fetch-credentials", "get-env", "get_env", "printEnv",
            "PRINTENV", "get_jwt", "get_bearer", "get_session_cookie", "get_private_key", "getApiToken", "get_connection_string", "find_dsns",
            "get_t0ken", "dump_environment"})
    void secretsAreBlocked(String name) {
        ToolVerdict verdict = policy.judge(new ToolDescriptor(name, "", true, false));
        assertThat(verdict.allowed()).as(name).isFalse();
        assertThat(verdict.reason()).as(name).contains("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"list-posts", "search_issues", "getDryRunImpact", "rules_list", "describe-dataset", "get-settings", "query",
            "fetch-order-status", "issue_read", "get_workflow_run", "list_merge_requests", "run_report", "run_realtime_report",
            "get_key_metrics", "list_deployments", "get_unpublished_posts", "list_users_and_groups", "get_commit", "get_tag"})
    void readNamesAreAllowed(String name) {
        assertThat(policy.judge(ToolDescriptor.named(name)).allowed()).as(name).isTrue();
    }

    @Test
    void dryRunIsANounButRunAloneRuns() {
        assertThat(ToolPolicy.words("get-dry-run-impact")).containsExactly("get", "dry-run", "impact");
        assertThat(policy.judge(ToolDescriptor.named("get_run_impact")).reason()).isEqualTo("Its name says it runs something ('run').");
    }

    @Test
    void everyWordOfEveryNamingStyleIsJudged() {
        assertThat(ToolPolicy.words("getHTTPResponse_v2.raw-body/DELETEUser now")).containsExactly("get", "http", "response", "v", "2", "raw",
                "body", "delete", "user", "now");
        assertThat(policy.judge(ToolDescriptor.named("list_users_then_delete")).allowed()).isFalse();
        assertThat(policy.judge(ToolDescriptor.named("users_get_and_purge")).allowed()).isFalse();
    }

    @Test
    void lookAlikeAndInvisibleCharactersAreSeenThrough() {
        // Cyrillic е: the word is read as "delete", and the disguise alone would block too.
        assertThat(policy.judge(new ToolDescriptor("d\u0435lete_user", "", true, false)).reason()).isEqualTo("Its name says it changes data ('delete').");
        assertThat(policy.judge(ToolDescriptor.named("\uff44\uff45\uff4c\uff45\uff54\uff45_users")).reason()).contains("'delete'");
        assertThat(policy.judge(ToolDescriptor.named("de\u200blete_user")).reason()).contains("'delete'");
        assertThat(policy.judge(ToolDescriptor.named("\uD835\uDC1D\uD835\uDC1E\uD835\uDC25\uD835\uDC1E\uD835\uDC2D\uD835\uDC1E_user")).reason()).contains("'delete'");
        assertThat(policy.judge(ToolDescriptor.named("l\u0456st_users")).reason()).contains("look-alike").contains("Cyrillic");
        assertThat(policy.judge(ToolDescriptor.named("get_\u0441\u0442\u0430\u0442\u0443\u0441")).allowed()).isFalse();
        // Compatibility forms of a plain read are the plain read.
        assertThat(policy.judge(ToolDescriptor.named("\uff4c\uff49\uff53\uff54_users")).allowed()).isTrue();
        assertThat(policy.judge(ToolDescriptor.named("list\u200b_users")).allowed()).isTrue();
    }

    @Test
    void annotationsNeverUnblockAndCanBlock() {
        assertThat(policy.judge(ToolDescriptor.named("weather")).allowed()).isFalse();
        assertThat(policy.judge(new ToolDescriptor("weather", "", true, null)).reason()).contains("read-only mark alone is not trusted");
        assertThat(policy.judge(new ToolDescriptor("weather", "", true, true)).allowed()).isFalse();
        assertThat(policy.judge(new ToolDescriptor("list-things", "", false, null)).reason()).contains("not read-only");
        assertThat(policy.judge(new ToolDescriptor("list-things", "", null, true)).reason()).contains("destructive");
        assertThat(policy.judge(new ToolDescriptor("list_shared_links", "", true, false, true)).reason()).contains("outside systems");
        assertThat(policy.judge(new ToolDescriptor("list_links", "", true, false, true)).allowed()).isTrue();
    }

    @Test
    void descriptionsWhereTheToolActsBlock() {
        assertThat(judge("get_status", "Deletes all inactive users, then returns the status.")).isEqualTo("Its description says it changes data ('deletes').");
        assertThat(judge("get_config", "Returns the API key.")).contains("secret").contains("api key");
        assertThat(judge("get_settings", "Prints all environment variables.")).contains("environment variables");
        assertThat(judge("list_items", "Lists items and sends an email to the owner.")).contains("'sends'");
        assertThat(judge("get_profile", "Writes the profile to disk.")).contains("'writes'");
        assertThat(judge("get_cache", "Modifies the cache, then returns it.")).contains("'modifies'");
        assertThat(judge("get_user", "Use this to reset a user's password.")).contains("'reset'");
        assertThat(judge("list_rows", "Old rows are deleted.")).contains("'deleted'");
        assertThat(judge("search_logs", "Searches the logs. When called, deletes logs older than a week.")).contains("'deletes'");
        assertThat(judge("get_weather", "Executes the given shell command.")).isEqualTo("Its description says it runs code or jobs ('executes').");
        assertThat(judge("sql_query", "Query the production database.")).contains("database query");
    }

    @Test
    void descriptionsAboutOtherActorsOrWhatMightHappenDoNot() {
        assertThat(judge("get-dry-run-impact", "What the site's DRY_RUN rules would block if promoted to LIVE: per rule and rule type, "
                + "the most affected IPs, and an estimate of false positives.")).isNull();
        assertThat(judge("list_requests", "Lists requests that were denied by rules that block bots.")).isNull();
        assertThat(judge("validate-guard-policy", "Check a proposed Guard policy document for a site without saving anything.")).isNull();
        assertThat(judge("get_rule_preview", "Shows what the rule would delete if it were enabled.")).isNull();
        assertThat(judge("get_config", "Returns the configuration. Secrets are redacted.")).isNull();
        assertThat(judge("list_users", "Lists users. Never returns passwords or tokens.")).isNull();
        assertThat(judge("list_notifications", "Lists notifications, including review requests and updates on issues.")).isNull();
        assertThat(judge("query", "Run a read-only SQL query")).isNull();
        assertThat(judge("run_report", "Runs a Google Analytics Data API report.")).isNull();
        assertThat(judge("get_llm_usage", "Returns input tokens, output tokens and cost per model.")).isNull();
        assertThat(judge("search_docs", "Search the docs.\nUse this tool when you need to:\n- Set up the SDK\n- Configure sampling")).isNull();
    }

    private String judge(String name, String description) {
        return policy.judge(new ToolDescriptor(name, description, true, false)).reason();
    }

    @Test
    void ownersBlockMoreButNeverUnblock() {
        ToolPolicy owner = new ToolPolicy(Set.of("analyze-traffic", "create-rule"));
        assertThat(owner.judge(ToolDescriptor.named("analyze-traffic")).reason()).contains("owner");
        assertThat(owner.judge(ToolDescriptor.named("create-rule")).reason()).contains("'create'");
        assertThat(owner.judge(ToolDescriptor.named("list-rules")).allowed()).isTrue();
    }

    @Test
    void callsAreCheckedAgainstTheCatalog() {
        List<ToolDescriptor> catalog = ARCJET.stream().map(ToolDescriptor::named).toList();
        assertThat(policy.mayCall("analyze-traffic", catalog)).isTrue();
        assertThat(policy.mayCall("create-rule", catalog)).isFalse();
        assertThat(policy.mayCall("not-listed", catalog)).isFalse();
        assertThat(policy.judgeAll(catalog)).hasSize(ARCJET.size()).filteredOn(ToolVerdict::allowed).hasSize(15);
    }

    @Test
    void aNameListedTwiceIsBlockedWhenListedAndWhenCalled() {
        // The first entry reads; the second, of the same name, deletes: a call names only the tool, so neither may be called.
        List<ToolDescriptor> catalog = List.of(new ToolDescriptor("get_report", "Returns the report.", true, false),
                new ToolDescriptor("get_report", "Deletes the report.", false, true), ToolDescriptor.named("list-sites"));
        assertThat(policy.mayCall("get_report", catalog)).isFalse();
        assertThat(policy.mayCall("list-sites", catalog)).isTrue();
        List<ToolVerdict> verdicts = policy.judgeAll(catalog);
        assertThat(verdicts).extracting(ToolVerdict::allowed).containsExactly(false, false, true);
        assertThat(verdicts.get(0).reason()).contains("lists two tools of this name");
    }

    @Test
    void aNamelessToolIsBlocked() {
        assertThat(policy.judge(ToolDescriptor.named(null)).reason()).isEqualTo("The tool has no usable name.");
        assertThat(policy.judge(ToolDescriptor.named("\u200b__\u200d")).allowed()).isFalse();
    }
}
