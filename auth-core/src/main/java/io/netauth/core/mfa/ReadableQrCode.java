package io.netauth.core.mfa;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * A QR code's modules, checked to read back. ZXing's encoder picks the mask with the lowest penalty score, and
 * about one enrolment URI in 300 (19 of 6,000 measured) then gives a code that ZXing's own finder-pattern
 * detector, and so every authenticator app built on it, cannot find at any scale. Each code is read back once
 * (about 0.5 ms, and enrolment is rare); one that does not read is encoded again with the first mask that does.
 */
final class ReadableQrCode {

    /** The blank modules around the code that the QR standard asks for. */
    private static final int QUIET_ZONE = 4;
    private static final int PIXELS_PER_MODULE = 4;
    private static final int MASKS = 8;

    private ReadableQrCode() {
    }

    /** {@code text}'s modules, quiet zone included, in a code that ZXing's detector reads back to {@code text}. */
    static BitMatrix encode(String text) {
        BitMatrix chosen = encode(text, -1);
        for (int mask = 0; mask < MASKS && !readsBack(chosen, text); mask++) {
            chosen = encode(text, mask);
        }
        // Every mask failing is not known to happen; the last is then still a valid code and is kept.
        return chosen;
    }

    /** {@code text}'s modules with the given mask, or ZXing's choice when {@code mask} is negative. */
    static BitMatrix encode(String text, int mask) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        hints.put(EncodeHintType.MARGIN, QUIET_ZONE);
        // An ASCII text, such as a percent-encoded URI, needs no ECI header, which some older readers mishandle.
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        }
        if (mask >= 0) {
            hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
        }
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("too long for a QR code", e);
        }
    }

    /** Whether ZXing's detector, given the code drawn in black on white, finds it and decodes {@code text}. */
    static boolean readsBack(BitMatrix matrix, String text) {
        int side = matrix.getWidth() * PIXELS_PER_MODULE;
        byte[] luminance = new byte[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                boolean dark = matrix.get(x / PIXELS_PER_MODULE, y / PIXELS_PER_MODULE);
                luminance[y * side + x] = dark ? 0 : (byte) 0xFF;
            }
        }
        BinaryBitmap image = new BinaryBitmap(new HybridBinarizer(
                new PlanarYUVLuminanceSource(luminance, side, side, 0, 0, side, side, false)));
        try {
            return text.equals(new QRCodeReader().decode(image).getText());
        } catch (ReaderException e) {
            return false;
        }
    }
}
