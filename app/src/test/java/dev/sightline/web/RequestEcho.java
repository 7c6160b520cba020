package dev.sightline.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tests only: how the server understood a request after its forwarded headers were (or were not) applied. */
@TestComponent
@RestController
class RequestEcho {

    @GetMapping("/api/test/request")
    Map<String, Object> request(HttpServletRequest request) {
        return Map.of("serverName", request.getServerName(), "serverPort", request.getServerPort(), "scheme", request.getScheme(),
                "secure", request.isSecure(), "remoteAddr", request.getRemoteAddr());
    }
}
