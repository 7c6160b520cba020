package dev.sightline.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of every error the REST API answers: a stable machine-readable {@code error} code and a
 * sentence a person can act on.
 */
public record ApiError(String error, String message) {

    /** Writes this error as the response, for code that runs outside Spring MVC (filters). */
    public void writeTo(HttpServletResponse response, int status) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        JsonMapper.shared().writeValue(response.getOutputStream(), this);
    }
}
