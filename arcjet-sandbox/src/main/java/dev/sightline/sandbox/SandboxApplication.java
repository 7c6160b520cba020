package dev.sightline.sandbox;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Arcjet sandbox: a stand-in for Arcjet's hosted MCP server on its own origin, reached by
 * Sightline only over HTTP. This first version only announces itself; the MCP server, its OAuth
 * authorization server and the synthetic traffic come next.
 */
@SpringBootApplication
@RestController
public class SandboxApplication {

    public static void main(String[] args) {
        SpringApplication.run(SandboxApplication.class, args);
    }

    @GetMapping("/")
    Map<String, String> about() {
        return Map.of("name", "Arcjet sandbox", "status", "starting point: the MCP endpoint is not served yet");
    }
}
