package dev.sightline.web.internal;

import java.io.IOException;

import dev.sightline.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * An upload over the size limit is refused before any controller sees it, so no controller's
 * advice applies: the API answers 413 with the limit, a page goes back to the Files tab saying it.
 */
@ControllerAdvice
class UploadLimit {

    private final DataSize limit;

    UploadLimit(@Value("${spring.servlet.multipart.max-file-size}") DataSize limit) {
        this.limit = limit;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    void tooBig(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String size = limit.toBytes() >= 1_048_576 ? limit.toMegabytes() + " MB" : limit.toKilobytes() + " KB";
        String message = "The file is larger than " + size + ", the most that can be added. Nothing was added.";
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            new ApiError("payload_too_large", message).writeTo(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        RequestContextUtils.getOutputFlashMap(request).put("error", message);
        RequestContextUtils.saveOutputFlashMap(request.getContextPath() + "/sources/new/files", request, response);
        response.sendRedirect(request.getContextPath() + "/sources/new/files");
    }
}
