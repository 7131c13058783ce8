package io.netauth.core.mfa;

/**
 * A TOTP factor waiting for its first code: what the user puts into an authenticator app.
 *
 * @param secret     the shared secret, base32 (160 bits), for typing in
 * @param otpauthUri the {@code otpauth://totp/...} URI that apps read
 * @param qrSvg      the URI as an SVG QR code, for scanning
 */
public record TotpEnrolment(String secret, String otpauthUri, String qrSvg) {

    @Override
    public String toString() {
        return "TotpEnrolment[...]";
    }
}
