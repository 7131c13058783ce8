package io.netauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.config.Settings;
import io.netauth.server.testing.RunningServer;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml itself: a valid OpenAPI 3.1 document, served at GET /openapi.yaml unless turned off, and
 * every operation in it is a route of a server with everything on. (Every exchange of the contract tests is
 * checked against it by {@link OpenApiContract}.)
 */
class OpenApiDocumentTest {

    private static final Settings EVERYTHING_ON = Settings.builder().setAll(RunningServer.UNTHROTTLED)
            .set(ServerSettings.SELF_REGISTRATION, true).set(ServerSettings.METRICS_TOKEN, "scrape").build();

    @Test
    void theDocumentIsAValidOpenApi31Contract() {
        assertEquals(OpenAPIVersion.V3_1, OpenApiContract.validators().contract().getVersion());
        assertTrue(OpenApiContract.validators().contract().operations().size() > 50);
    }

    @Test
    void servedAtOpenapiYamlAsInDocsAndCanBeTurnedOff() throws Exception {
        try (RunningServer s = RunningServer.start()) {
            HttpResponse<String> served = s.send(HttpRequest.newBuilder(s.uri("/openapi.yaml")).GET().build());
            assertEquals(200, served.statusCode());
            assertEquals("application/yaml; charset=utf-8", served.headers().firstValue("content-type").orElseThrow());
            assertEquals(Files.readString(OpenApiContract.DOCUMENT), served.body());
        }
        Settings off = Settings.builder().setAll(RunningServer.UNTHROTTLED).set(ServerSettings.OPENAPI, false).build();
        try (RunningServer s = RunningServer.builder().config(b -> b.settings(off)).start()) {
            assertEquals(404, s.send(HttpRequest.newBuilder(s.uri("/openapi.yaml")).GET().build()).statusCode());
        }
    }

    /** Every documented operation reaches its route: neither 404 (no such path) nor 405 (no such method). */
    @Test
    void everyDocumentedOperationIsARoute() {
        List<String> missing = new ArrayList<>();
        try (RunningServer s = RunningServer.builder()
                .config(b -> b.settings(EVERYTHING_ON).adminApi(true, "admin")).start()) {
            for (Operation operation : OpenApiContract.validators().contract().operations()) {
                String path = operation.getOpenAPIPath().replace("{name}", "ghost");
                String method = operation.getHttpMethod().name();
                HttpRequest request = HttpRequest.newBuilder(s.uri(path))
                        .method(method, HttpRequest.BodyPublishers.noBody()).build();
                int status = s.send(request).statusCode();
                // An admin path without a token is 401 before it looks for the user: the route is there.
                if (status == 404 || status == 405) {
                    missing.add(method + " " + operation.getOpenAPIPath() + " -> " + status);
                }
            }
        }
        assertEquals(List.of(), missing);
    }
}
