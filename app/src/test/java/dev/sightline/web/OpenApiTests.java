package dev.sightline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published API description matches the API: every {@code /api/**} endpoint the application
 * maps is in {@code /api/openapi.json} with its method, and nothing is described that is not mapped.
 */
@SpringBootTest(properties = {
        "sightline.bootstrap.admin-email=ops@example.com",
        "sightline.bootstrap.admin-password=a-long-admin-password",
        "sightline.bootstrap.api-token=" + OpenApiTests.TOKEN})
@AutoConfigureMockMvc
@ActiveProfiles("test")
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:openapi;DB_CLOSE_DELAY=-1")
class OpenApiTests {

    static final String TOKEN = "openapi-token-0123456789abcdefghij";

    @Autowired
    MockMvc mvc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theDescriptionListsExactlyTheApisEndpoints() throws Exception {
        assertThat(mvc.perform(get("/api/openapi.json")).andReturn().getResponse().getStatus()).as("not without signing in").isEqualTo(401);
        var response = mvc.perform(get("/api/openapi.json").header("Authorization", "Bearer " + TOKEN)).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode description = JsonMapper.shared().readTree(response.getContentAsString());
        assertThat(description.path("openapi").asString()).startsWith("3.");

        List<String> mapped = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/") && !pattern.startsWith("/api/openapi.json")) {
                    for (RequestMethod verb : info.getMethodsCondition().getMethods()) {
                        mapped.add(verb.name() + " " + pattern.replaceAll("\\{(\\w+)(:[^}]*)?}", "{$1}"));
                    }
                }
            }
        });
        List<String> described = new ArrayList<>();
        description.path("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(operation -> described.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey())));
        assertThat(mapped).hasSizeGreaterThan(30);
        assertThat(described).containsExactlyInAnyOrderElementsOf(mapped);
    }
}
