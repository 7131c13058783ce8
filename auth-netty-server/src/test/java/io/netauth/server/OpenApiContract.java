package io.netauth.server;

import io.netauth.server.testing.RunningServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Response;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks every exchange of {@link RunningServer#send} (the contract tests' requests) against
 * {@code docs/openapi.yaml} with Vert.x's OpenAPI 3.1 validator: the operation must be there, the status must
 * be one of its responses, the response's headers and JSON body must match their schemas, and a request that
 * succeeded (2xx) must match the operation's parameters and request body. A request the server refused may be
 * malformed on purpose, so only its answer is checked. Registered for every test class of this module
 * (JUnit's extension auto-detection).
 */
public final class OpenApiContract implements BeforeAllCallback {

    static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");
    /** Answered by the HTTP layer on every path before any route is known; the document says so once. */
    private static final Set<Integer> ANY_PATH = Set.of(408, 413, 414, 431);

    private static volatile Validators validators;

    @Override
    public void beforeAll(ExtensionContext context) {
        RunningServer.checkEveryExchange(OpenApiContract::check);
    }

    /**
     * The contract, read and itself validated against the OpenAPI 3.1 schema, once per JVM. Vert.x validates
     * only some media types; the others are renamed in the copy it gets ({@link #validatable}).
     */
    static synchronized Validators validators() {
        if (validators == null) {
            Vertx vertx = Vertx.vertx();
            io.vertx.core.json.JsonObject document;
            try (java.io.Reader in = java.nio.file.Files.newBufferedReader(DOCUMENT, StandardCharsets.UTF_8)) {
                Map<String, Object> yaml = new org.yaml.snakeyaml.Yaml().load(in);
                document = renameMediaTypes(new io.vertx.core.json.JsonObject(yaml));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            OpenAPIContract contract = await(OpenAPIContract.from(vertx, document));
            validators = new Validators(contract, RequestValidator.create(vertx, contract),
                    ResponseValidator.create(vertx, contract));
        }
        return validators;
    }

    record Validators(OpenAPIContract contract, RequestValidator requests, ResponseValidator responses) {
    }

    /**
     * The media type Vert.x validates for one it does not: a form body is checked as the JSON object of its
     * fields (the schema is the same), an HTML page or the YAML document as text.
     */
    static String validatable(String mediaType) {
        return switch (mediaType) {
            case "application/x-www-form-urlencoded" -> "application/json";
            case "text/html", "application/yaml" -> "text/plain";
            default -> mediaType;
        };
    }

    private static io.vertx.core.json.JsonObject renameMediaTypes(io.vertx.core.json.JsonObject node) {
        io.vertx.core.json.JsonObject copy = new io.vertx.core.json.JsonObject();
        for (String key : node.fieldNames()) {
            Object value = node.getValue(key);
            if (key.equals("content") && value instanceof io.vertx.core.json.JsonObject content) {
                io.vertx.core.json.JsonObject renamed = new io.vertx.core.json.JsonObject();
                content.forEach(entry -> renamed.put(validatable(entry.getKey()), entry.getValue()));
                value = renamed;
            }
            copy.put(key, rename(value));
        }
        return copy;
    }

    private static Object rename(Object value) {
        if (value instanceof io.vertx.core.json.JsonObject object) {
            return renameMediaTypes(object);
        }
        if (value instanceof io.vertx.core.json.JsonArray array) {
            io.vertx.core.json.JsonArray copy = new io.vertx.core.json.JsonArray();
            array.forEach(item -> copy.add(rename(item)));
            return copy;
        }
        return value;
    }

    static void check(HttpRequest request, String requestBody, HttpResponse<String> response) {
        String path = request.uri().getRawPath();
        String what = request.method() + " " + path + " -> " + response.statusCode();
        Validators v = validators();
        Operation operation = operationOf(v, path, HttpMethod.valueOf(request.method()));
        int status = response.statusCode();
        if (operation == null) {
            if (status == 404 || status == 405 || ANY_PATH.contains(status)) {
                return; // not a route of this server: nothing to document
            }
            throw new AssertionError("docs/openapi.yaml has no operation for " + what);
        }
        Response documented = operation.getResponse(status);
        if (documented == null) {
            if (ANY_PATH.contains(status) || (status == 404 && response.body().contains("\"not_found\""))) {
                return; // refused by the HTTP layer, or a feature turned off: the document says so once
            }
            throw new AssertionError("docs/openapi.yaml has no " + status + " for " + what + ": "
                    + response.body());
        }
        String contentType = response.headers().firstValue("content-type").orElse(null);
        String mediaType = contentType == null ? null : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (mediaType != null && !response.body().isEmpty()) {
            if (!documented.getContent().containsKey(validatable(mediaType))) {
                throw new AssertionError("docs/openapi.yaml's " + status + " of " + what + " has no " + mediaType);
            }
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
        ValidatableResponse validatable = mediaType == null || response.body().isEmpty()
                ? ValidatableResponse.create(status, headers)
                : ValidatableResponse.create(status, headers, Buffer.buffer(response.body()), validatable(mediaType));
        try {
            await(v.responses().validate(validatable, operation.getOperationId()));
        } catch (RuntimeException e) {
            throw new AssertionError("the answer of " + what + " does not match docs/openapi.yaml: "
                    + e.getMessage() + "\n" + response.body(), e);
        }
        if (status >= 200 && status < 300) {
            checkRequest(v, operation, request, requestBody, what);
        }
    }

    /**
     * The operation of a path, also under an issuer's path prefix ({@code /tenant/oauth2/token}) and at RFC 8414
     * section 3.1's path-aware metadata location ({@code /.well-known/oauth-authorization-server/tenant}).
     */
    private static Operation operationOf(Validators v, String path, HttpMethod method) {
        for (String wellKnown : List.of("/.well-known/oauth-authorization-server/", "/.well-known/openid-configuration/")) {
            if (path.startsWith(wellKnown)) {
                return v.contract().findOperation(wellKnown.substring(0, wellKnown.length() - 1), method);
            }
        }
        String candidate = path;
        while (true) {
            Operation operation = v.contract().findOperation(candidate, method);
            if (operation != null || candidate.indexOf('/', 1) < 0) {
                return operation;
            }
            candidate = candidate.substring(candidate.indexOf('/', 1));
        }
    }

    private static void checkRequest(Validators v, Operation operation, HttpRequest request, String body,
            String what) {
        Map<String, RequestParameter> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.headers().map().forEach((name, values) -> headers.put(name, new RequestParameterImpl(values.get(0))));
        Map<String, RequestParameter> query = new HashMap<>();
        formFields(request.uri().getRawQuery()).forEach((name, value) -> query.put(name, new RequestParameterImpl(value)));
        Map<String, RequestParameter> pathParameters = new HashMap<>();
        List<String> template = List.of(operation.getOpenAPIPath().split("/"));
        List<String> actual = List.of(request.uri().getRawPath().split("/"));
        for (int i = 0; i < template.size() && i < actual.size(); i++) {
            String segment = template.get(i);
            if (segment.startsWith("{") && segment.endsWith("}")) {
                pathParameters.put(segment.substring(1, segment.length() - 1),
                        new RequestParameterImpl(URLDecoder.decode(actual.get(i), StandardCharsets.UTF_8)));
            }
        }
        String contentType = request.headers().firstValue("content-type").orElse(null);
        RequestParameter requestBody = new RequestParameterImpl(null);
        if (!body.isEmpty() && contentType != null) {
            String mediaType = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
            contentType = mediaType;
            if (mediaType.equals("application/x-www-form-urlencoded")) {
                // Vert.x reads no form bodies: the fields become a JSON object of strings, as the schema says.
                Map<String, Object> fields = new HashMap<>(formFields(body));
                requestBody = new RequestParameterImpl(new io.vertx.core.json.JsonObject(fields).toBuffer());
                contentType = "application/json";
            } else {
                requestBody = new RequestParameterImpl(Buffer.buffer(body));
            }
        }
        ValidatableRequestImpl validatable = new ValidatableRequestImpl(Map.of(), headers, pathParameters, query,
                requestBody, contentType);
        try {
            await(v.requests().validate(validatable, operation.getOperationId()));
        } catch (RuntimeException e) {
            throw new AssertionError("the request of " + what + ", which succeeded, does not match "
                    + "docs/openapi.yaml: " + e.getMessage() + "\n" + body, e);
        }
    }

    /** The decoded fields of a query or a form body ({@code a=1&b=two%20words}); none for {@code null}. */
    private static Map<String, String> formFields(String encoded) {
        Map<String, String> fields = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
