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
            "get-dry-run-impact", "get-security-briefing", "list-rules", "create-rule", "update-rule", "delete-rule", "promote-rule");

    final ToolPolicy policy = ToolPolicy.standard();

    @Test
    void arcjetsEighteenToolsLeaveExactlyTwelve() {
        List<String> allowed = ARCJET.stream().filter(n -> policy.judge(ToolDescriptor.named(n)).allowed()).toList();
        assertThat(allowed).containsExactly("list-teams", "list-sites", "list-requests", "get-request-details", "explain-decision",
                "get-site-quota", "analyze-traffic", "get-anomalies", "investigate-ip", "get-dry-run-impact", "get-security-briefing",
                "list-rules");
        assertThat(policy.judge(ToolDescriptor.named("promote-rule")).reason()).contains("promote");
        assertThat(policy.judge(ToolDescriptor.named("get-site-key")).reason()).contains("secret");
    }

    @Test
    void withAnnotationsTheResultIsTheSame() {
        for (String name : ARCJET) {
            boolean write = name.startsWith("create") || name.startsWith("update") || name.startsWith("delete") || name.startsWith("promote");
            // A lying server that marks everything read-only changes nothing for write or secret names.
            ToolVerdict lying = policy.judge(new ToolDescriptor(name, "", true, false));
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
            "move-file", "approve-request", "rules/update", "upsertRecord", "post-message", "run-job", "merge_pr"})
    void writeNamesAreBlocked(String name) {
        ToolVerdict verdict = policy.judge(new ToolDescriptor(name, "", true, null));
        assertThat(verdict.allowed()).as(name).isFalse();
        assertThat(verdict.reason()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"get-api-key", "list_tokens", "getPassword", "show-secrets", "fetch-credentials"})
    void secretsAreBlocked(String name) {
        assertThat(policy.judge(new ToolDescriptor(name, "", true, false)).allowed()).as(name).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"list-posts", "get-post", "search_issues", "getDryRunImpact", "rules_list", "describe-dataset", "get-settings",
            "query", "fetch-order-status"})
    void readNamesAreAllowed(String name) {
        assertThat(policy.judge(ToolDescriptor.named(name)).allowed()).as(name).isTrue();
    }

    @Test
    void ambiguousNamesNeedTheReadOnlyHint() {
        assertThat(policy.judge(ToolDescriptor.named("weather")).allowed()).isFalse();
        assertThat(policy.judge(new ToolDescriptor("weather", "", true, null)).allowed()).isTrue();
        assertThat(policy.judge(new ToolDescriptor("weather", "", true, true)).allowed()).isFalse();
        assertThat(policy.judge(new ToolDescriptor("list-things", "", false, null)).reason()).contains("not read-only");
        assertThat(policy.judge(new ToolDescriptor("list-things", "", null, true)).reason()).contains("destructive");
    }

    @Test
    void ownersBlockMoreButNeverUnblock() {
        ToolPolicy owner = new ToolPolicy(Set.of("analyze-traffic"));
        assertThat(owner.judge(ToolDescriptor.named("analyze-traffic")).reason()).contains("owner");
        assertThat(owner.judge(ToolDescriptor.named("list-rules")).allowed()).isTrue();
    }

    @Test
    void callsAreCheckedAgainstTheCatalog() {
        List<ToolDescriptor> catalog = ARCJET.stream().map(ToolDescriptor::named).toList();
        assertThat(policy.mayCall("analyze-traffic", catalog)).isTrue();
        assertThat(policy.mayCall("create-rule", catalog)).isFalse();
        assertThat(policy.mayCall("not-listed", catalog)).isFalse();
    }
}
