package io.netauth.core.mfa;

import com.google.zxing.common.BitMatrix;

/**
 * A QR code as a small SVG document: {@link ReadableQrCode} encodes, and each row's runs of dark modules become
 * one path, so an enrolment URI of about 150 characters makes some 8.5 KB. The image has its 4-module quiet
 * zone, scales without blur and needs no script or external asset.
 */
final class QrSvg {

    private QrSvg() {
    }

    /** The SVG of {@code text}'s QR code, {@code title} as its accessible name. */
    static String of(String text, String title) {
        BitMatrix matrix = ReadableQrCode.encode(text);
        int size = matrix.getWidth();
        StringBuilder path = new StringBuilder(size * size / 2);
        for (int y = 0; y < size; y++) {
            int x = 0;
            while (x < size) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < size && matrix.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(' ').append(y).append('h').append(x - start)
                        .append("v1h-").append(x - start).append('z');
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + ' ' + size
                + "\" width=\"" + size * 6 + "\" height=\"" + size * 6 + "\" shape-rendering=\"crispEdges\" "
                + "role=\"img\" aria-label=\"" + escape(title) + "\"><title>" + escape(title) + "</title>"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path
                + "\"/></svg>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
