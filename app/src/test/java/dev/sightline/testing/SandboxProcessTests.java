package dev.sightline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The two shared sandboxes serve the same data (seed, now) on their own ports, one in JSON, the other in markdown. */
class SandboxProcessTests {

    @Test
    void theMarkdownTwinServesTheSameDataInMarkdown() throws Exception {
        SandboxProcess json = SandboxProcess.shared();
        SandboxProcess markdown = SandboxProcess.sharedMarkdown();
        assertThat(SandboxProcess.sharedMarkdown()).isSameAs(markdown);
        assertThat(markdown.base()).isNotEqualTo(json.base());
        JsonNode jsonAbout = about(json);
        JsonNode markdownAbout = about(markdown);
        assertThat(jsonAbout.path("output").asString()).isEqualTo("json");
        assertThat(markdownAbout.path("output").asString()).isEqualTo("markdown");
        assertThat(markdownAbout.path("traffic")).isEqualTo(jsonAbout.path("traffic"));
        assertThat(markdownAbout.path("traffic").path("now").asString()).isEqualTo(SandboxProcess.NOW.toString());
    }

    private static JsonNode about(SandboxProcess sandbox) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.base() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonMapper.shared().readTree(response.body());
    }
}
