package io.netauth.server.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a request body that must be one flat JSON object, strictly: a duplicate key, a nested value, trailing
 * bytes after the object or a non-string value for a known field is an {@code invalid_request}, never a
 * guess. Unknown fields with scalar values are ignored, so clients may send more than this server reads.
 * Stateless and thread-safe. Not API.
 */
public final class JsonFields {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Depth 1 is the object itself: anything nested inside it is deeper than any body here needs.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1).build())
            .build();

    /** For bodies with string-array fields: one level deeper, for the arrays, and no further. */
    private static final JsonFactory JSON_WITH_LISTS = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2).build())
            .build();

    private JsonFields() {
    }

    /**
     * The string values of {@code fields} present in the body; absent fields are absent from the map.
     *
     * @throws ApiException {@link ApiError#INVALID_REQUEST} with a message naming the problem
     */
    public static Map<String, String> read(ByteBuf body, Set<String> fields) {
        Map<String, String> values = new HashMap<>(fields.size() * 2);
        parse(JSON, body, fields, Set.of(), Set.of()).forEach((name, value) -> values.put(name, (String) value));
        return values;
    }

    /**
     * As {@link #read}, and the fields in {@code lists} must be arrays of strings (answered as
     * {@code List<String>}); nothing else may nest.
     */
    public static Map<String, Object> readWithLists(ByteBuf body, Set<String> strings, Set<String> lists) {
        return parse(JSON_WITH_LISTS, body, strings, lists, Set.of());
    }

    /** As {@link #readWithLists}, and the fields in {@code booleans} must be {@code true} or {@code false}. */
    public static Map<String, Object> readWithLists(ByteBuf body, Set<String> strings, Set<String> lists,
            Set<String> booleans) {
        return parse(JSON_WITH_LISTS, body, strings, lists, booleans);
    }

    /** As {@link #read}, and the fields in {@code booleans} must be {@code true} or {@code false}. */
    public static Map<String, Object> readWithBooleans(ByteBuf body, Set<String> strings, Set<String> booleans) {
        return parse(JSON, body, strings, Set.of(), booleans);
    }

    private static Map<String, Object> parse(JsonFactory factory, ByteBuf body, Set<String> strings,
            Set<String> lists, Set<String> booleans) {
        Map<String, Object> values = new HashMap<>();
        try (JsonParser parser = factory.createParser((InputStream) new ByteBufInputStream(body.duplicate()))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("The body must be a JSON object.");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                if (token == null) {
                    throw invalid("The body is not valid JSON.");
                }
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (strings.contains(name)) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw invalid("The field '" + name + "' must be a string.");
                    }
                    values.put(name, parser.getText());
                } else if (booleans.contains(name)) {
                    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                        throw invalid("The field '" + name + "' must be true or false.");
                    }
                    values.put(name, value == JsonToken.VALUE_TRUE);
                } else if (lists.contains(name)) {
                    if (value != JsonToken.START_ARRAY) {
                        throw invalid("The field '" + name + "' must be an array of strings.");
                    }
                    java.util.List<String> items = new java.util.ArrayList<>();
                    for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                        if (item != JsonToken.VALUE_STRING) {
                            throw invalid("The field '" + name + "' must be an array of strings.");
                        }
                        items.add(parser.getText());
                    }
                    values.put(name, java.util.List.copyOf(items));
                } else if (value.isStructStart()) {
                    // Unknown fields may carry scalars, never structures: nothing here needs them.
                    throw invalid("The body is nested deeper than this request allows.");
                }
            }
            if (parser.nextToken() != null) {
                throw invalid("The body has content after the JSON object.");
            }
            return values;
        } catch (StreamConstraintsException e) {
            throw invalid("The body is nested deeper than this request allows.");
        } catch (IOException e) {
            throw invalid(e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                    ? "The body repeats a field." : "The body is not valid JSON.");
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(ApiError.INVALID_REQUEST, message);
    }
}
