package org.credrelay.issuergateway.invitation.service;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Component;

/**
 * QR codes of invitation URIs (ZXing, error correction M, 4-module quiet zone) as PNG or SVG. The
 * output contains the invitation secret: callers must not cache or log it.
 *
 * <p>Every code is read back with ZXing's camera-style detector before it is served. The encoder
 * picks the mask pattern by the standard's penalty score alone, and for about 3 % of invitation
 * URIs that mask leaves a data pattern the detector mistakes for a finder pattern, so the code
 * cannot be scanned by ZXing-based wallets. Such a code is re-encoded with the next mask pattern
 * that reads back (any mask is valid by the standard; the text is unchanged).
 */
@Component
public class QrCodeRenderer {

  private static final Map<EncodeHintType, Object> HINTS =
      Map.of(
          EncodeHintType.ERROR_CORRECTION,
          ErrorCorrectionLevel.M,
          EncodeHintType.MARGIN,
          4,
          EncodeHintType.CHARACTER_SET,
          "UTF-8");
  private static final int MASK_PATTERNS = 8;
  private static final int CHECK_SCALE = 4;

  /**
   * @param scale pixels per module, 1..32
   */
  public byte[] png(String text, int scale) {
    BitMatrix matrix = matrix(text);
    int size = matrix.getWidth() * scale;
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, matrix.get(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An SVG in module units (scales without blur), dark modules as one path. */
  public String svg(String text) {
    BitMatrix matrix = matrix(text);
    int size = matrix.getWidth();
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        if (matrix.get(x, y)) {
          path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
        }
      }
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
        + size
        + " "
        + size
        + "\" shape-rendering=\"crispEdges\">"
        + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        + "<path fill=\"#000\" d=\""
        + path
        + "\"/></svg>\n";
  }

  private static BitMatrix matrix(String text) {
    BitMatrix chosen = encode(text, HINTS);
    for (int mask = 0; mask < MASK_PATTERNS && !readsBack(chosen, text); mask++) {
      Map<EncodeHintType, Object> hints = new EnumMap<>(HINTS);
      hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
      chosen = encode(text, hints);
    }
    return chosen;
  }

  private static BitMatrix encode(String text, Map<EncodeHintType, Object> hints) {
    try {
      return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
    } catch (WriterException e) {
      throw new IllegalArgumentException("text does not fit a QR code", e);
    }
  }

  private static boolean readsBack(BitMatrix matrix, String text) {
    int size = matrix.getWidth() * CHECK_SCALE;
    int[] pixels = new int[size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        pixels[y * size + x] =
            matrix.get(x / CHECK_SCALE, y / CHECK_SCALE) ? 0xFF000000 : 0xFFFFFFFF;
      }
    }
    var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size, size, pixels)));
    try {
      return new QRCodeReader().decode(bitmap).getText().equals(text);
    } catch (ReaderException e) {
      return false;
    }
  }
}
