package org.credrelay.launcher;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/** Renders a QR code with Unicode half blocks, two modules per character row, for a terminal. */
final class TerminalQr {

  private TerminalQr() {}

  static String render(String text) {
    BitMatrix matrix;
    try {
      matrix =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  0,
                  0,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.L,
                      EncodeHintType.MARGIN,
                      2));
    } catch (WriterException e) {
      throw new IllegalArgumentException("text does not fit a QR code", e);
    }
    StringBuilder out = new StringBuilder();
    for (int y = 0; y < matrix.getHeight(); y += 2) {
      for (int x = 0; x < matrix.getWidth(); x++) {
        boolean top = matrix.get(x, y);
        boolean bottom = y + 1 < matrix.getHeight() && matrix.get(x, y + 1);
        // Dark modules print as spaces on a light block so the code reads on dark terminals too.
        out.append(top ? (bottom ? ' ' : '▄') : (bottom ? '▀' : '█'));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
