package io.netauth.server.internal;

import io.netauth.core.AuthenticationService;
import io.netauth.core.Passwords;
import io.netauth.core.TokenVerifier;
import io.netauth.core.mfa.TotpConfirmation;
import io.netauth.core.mfa.TotpEnrolment;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The second-factor endpoints; each decodes, makes one call into the core and encodes. Not API.
 * <ul>
 * <li>{@code POST /auth/mfa}: {@code {"mfa_token", "code"}} or {@code {"mfa_token", "recovery_code"}}, the second
 * step of a login; answers as {@code POST /auth}.
 * <li>{@code POST /auth/mfa/totp}: a user's bearer token and {@code {"password"}}, or {@code {"mfa_token"}} of an
 * enrolment a role requires; answers the secret, its {@code otpauth} URI and its QR code.
 * <li>{@code POST /auth/mfa/totp/confirm}: {@code {"code"}} with the bearer token, or {@code {"mfa_token",
 * "code"}}; answers the recovery codes, and with an enrolment token the tokens of the sign-in as well.
 * <li>{@code DELETE /auth/mfa/totp}: the bearer token and {@code {"password", "code"}}; 204.
 * <li>{@code POST /auth/mfa/recovery-codes}: the bearer token and {@code {"password"}}; new recovery codes.
 * </ul>
 */
final class MfaEndpoints {

    /** Longer than any code or recovery code; a longer value is refused before it is looked at. */
    private static final int MAX_CODE_LENGTH = 64;
    private static final Set<String> SECOND_STEP_FIELDS = Set.of("mfa_token", "code", "recovery_code");
    private static final Set<String> ENROL_FIELDS = Set.of("mfa_token", "password");
    private static final Set<String> CONFIRM_FIELDS = Set.of("mfa_token", "code");
    private static final Set<String> REMOVE_FIELDS = Set.of("password", "code");
    private static final Set<String> PASSWORD_FIELDS = Set.of("password");

    private final AuthenticationService service;
    private final TokenVerifier verifier;
    private final ClientAddresses clients;

    MfaEndpoints(AuthenticationService service, TokenVerifier verifier, ClientAddresses clients) {
        this.service = service;
        this.verifier = verifier;
        this.clients = clients;
    }

    Endpoint secondStep() {
        return (ctx, request) -> {
            Map<String, String> body = jsonBody(request, SECOND_STEP_FIELDS);
            String mfaToken = TokenRequests.requiredField(body, "mfa_token", BearerTokens.MAX_TOKEN_LENGTH);
            boolean hasCode = body.containsKey("code");
            if (hasCode == body.containsKey("recovery_code")) {
                throw new ApiException(ApiError.INVALID_REQUEST,
                        "Give exactly one of the fields 'code' and 'recovery_code'.");
            }
            String code = hasCode ? TokenRequests.requiredField(body, "code", MAX_CODE_LENGTH) : null;
            String recovery = hasCode ? null : TokenRequests.requiredField(body, "recovery_code", MAX_CODE_LENGTH);
            return service.completeLogin(mfaToken, code, recovery, clients.clientOf(ctx.channel(), request))
                    .thenApply(TokenRequests::grantReply);
        };
    }

    Endpoint enrol() {
        return (ctx, request) -> {
            Map<String, String> body = jsonBody(request, ENROL_FIELDS);
            if (body.containsKey("mfa_token")) {
                return service.beginTotp(TokenRequests.requiredField(body, "mfa_token",
                        BearerTokens.MAX_TOKEN_LENGTH)).thenApply(MfaEndpoints::enrolmentReply);
            }
            String userId = BearerTokens.user(verifier, request).subject();
            String password = TokenRequests.requiredField(body, "password", Passwords.MAX_LENGTH);
            return service.beginTotp(userId, password, clients.clientOf(ctx.channel(), request))
                    .thenApply(MfaEndpoints::enrolmentReply);
        };
    }

    Endpoint confirm() {
        return (ctx, request) -> {
            Map<String, String> body = jsonBody(request, CONFIRM_FIELDS);
            String client = clients.clientOf(ctx.channel(), request);
            if (body.containsKey("mfa_token")) {
                String mfaToken = TokenRequests.requiredField(body, "mfa_token", BearerTokens.MAX_TOKEN_LENGTH);
                return service.confirmTotpAndSignIn(mfaToken, TokenRequests.requiredField(body, "code",
                        MAX_CODE_LENGTH), client).thenApply(MfaEndpoints::confirmationReply);
            }
            String userId = BearerTokens.user(verifier, request).subject();
            return service.confirmTotp(userId, TokenRequests.requiredField(body, "code", MAX_CODE_LENGTH), client)
                    .thenApply(MfaEndpoints::confirmationReply);
        };
    }

    Endpoint remove() {
        return (ctx, request) -> {
            String userId = BearerTokens.user(verifier, request).subject();
            Map<String, String> body = jsonBody(request, REMOVE_FIELDS);
            return service.removeTotp(userId, TokenRequests.requiredField(body, "password", Passwords.MAX_LENGTH),
                    TokenRequests.requiredField(body, "code", MAX_CODE_LENGTH), clients.clientOf(ctx.channel(),
                            request)).thenApply(done -> JsonReply.noContent());
        };
    }

    Endpoint renewRecoveryCodes() {
        return (ctx, request) -> {
            String userId = BearerTokens.user(verifier, request).subject();
            Map<String, String> body = jsonBody(request, PASSWORD_FIELDS);
            return service.renewRecoveryCodes(userId, TokenRequests.requiredField(body, "password",
                    Passwords.MAX_LENGTH), clients.clientOf(ctx.channel(), request))
                    .thenApply(codes -> JsonReply.secret(json -> {
                        json.writeStartObject();
                        JsonReply.writeStrings(json, "recovery_codes", codes);
                        json.writeEndObject();
                    }));
        };
    }

    private static Map<String, String> jsonBody(io.netty.handler.codec.http.FullHttpRequest request,
            Set<String> fields) {
        MediaTypes.requireJson(request);
        return JsonFields.read(request.content(), fields);
    }

    private static JsonReply enrolmentReply(TotpEnrolment enrolment) {
        return JsonReply.secret(json -> {
            json.writeStartObject();
            json.writeStringField("secret", enrolment.secret());
            json.writeStringField("otpauth_uri", enrolment.otpauthUri());
            json.writeStringField("qr_svg", enrolment.qrSvg());
            json.writeEndObject();
        });
    }

    /** The recovery codes; with the grant of an enrolment that completes a sign-in, its tokens too. */
    private static JsonReply confirmationReply(TotpConfirmation confirmation) {
        List<String> codes = confirmation.recoveryCodes();
        return JsonReply.secret(json -> {
            json.writeStartObject();
            JsonReply.writeStrings(json, "recovery_codes", codes);
            if (confirmation.grant() != null) {
                TokenRequests.writeGrant(json, confirmation.grant());
            }
            json.writeEndObject();
        });
    }
}
