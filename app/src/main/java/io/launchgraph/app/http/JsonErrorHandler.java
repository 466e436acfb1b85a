package io.launchgraph.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals (an ambiguous or traversing path, a malformed header) in the API's error
 * form, {@code {"status":400,"error":"..."}}, rather than Jetty's HTML page: every error of the
 * service is JSON, and none shows a stack.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    JsonErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setDefaultResponseMimeType("application/json");
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
            List<Charset> charsets, int code, String message, Throwable cause) throws java.io.IOException {
        // JSON whatever the client said it accepts: an API error is read by programs.
        return super.generateAcceptableResponse(request, response, callback, "application/json", charsets, code, message, null);
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", code);
        body.put("error", message == null || message.isBlank() ? HttpStatus.getMessage(code) : message);
        try {
            writer.write(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            writer.write("{\"status\":" + code + "}");
        }
    }
}
