package dev.sightline.web.internal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.sightline.web.ApiError;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Boot's default error handling: the REST API always answers JSON, pages get a page that
 * says what happened and where to go next. Exception details are never shown.
 */
@Controller
class ErrorPages implements ErrorController {

    @RequestMapping("/error")
    Object error(HttpServletRequest request, HttpServletResponse response, Model model) {
        int status = statusOf(request);
        String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        if (uri.startsWith("/api/") || uri.equals("/api") || uri.startsWith("/actuator/")) {
            return ResponseEntity.status(status).header("Cache-Control", "no-store").contentType(MediaType.APPLICATION_JSON)
                    .body(new ApiError(code(status), apiMessage(status)));
        }
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("title", title(status));
        model.addAttribute("hint", hint(status));
        return "error";
    }

    private static int statusOf(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        return code instanceof Integer i ? i : HttpStatus.INTERNAL_SERVER_ERROR.value();
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 429 -> "too_many_requests";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "That request didn't make sense to us";
            case 401 -> "Please sign in";
            case 403 -> "You don't have access to this";
            case 404 -> "We couldn't find that page";
            case 405 -> "That action isn't available here";
            default -> status >= 500 ? "Something went wrong on our side" : "Something went wrong";
        };
    }

    private static String apiMessage(int status) {
        return switch (status) {
            case 404 -> "No API endpoint or resource at this path.";
            case 401 -> "Send a valid API token as 'Authorization: Bearer <token>'.";
            case 403 -> "Your token or account is not allowed to do this.";
            default -> title(status) + ".";
        };
    }

    private static String hint(int status) {
        return switch (status) {
            case 403 -> "If you think you should have access, ask the workspace owner. A form that sat open for a long time can also expire: go back, reload and try again.";
            case 404 -> "The link may be old, or the item was removed. Start again from the sidebar.";
            default -> status >= 500
                    ? "The problem was logged. Try again in a moment; if it keeps happening, the server log has the details."
                    : "Go back and try again.";
        };
    }
}
