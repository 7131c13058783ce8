package io.netauth.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Map;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the strict JSON body reader: whatever the bytes, it answers the fields or an
 * {@code invalid_request}; nothing else may escape, and it must not touch the buffer's indexes.
 */
class JsonBodyFuzzTest {

    private static final Set<String> FIELDS = Set.of("username", "password");

    @FuzzTest(maxDuration = "20s")
    void anyBodyIsReadOrRefusedAsAnInvalidRequest(byte[] input) {
        ByteBuf body = Unpooled.wrappedBuffer(input);
        try {
            Map<String, String> fields = JsonFields.read(body, FIELDS);
            assertTrue(FIELDS.containsAll(fields.keySet()), fields.toString());
        } catch (ApiException e) {
            assertEquals(ApiError.INVALID_REQUEST, e.error());
        } finally {
            assertEquals(0, body.readerIndex());
            body.release();
        }
    }
}
