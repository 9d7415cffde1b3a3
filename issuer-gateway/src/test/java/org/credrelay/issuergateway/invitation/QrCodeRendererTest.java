package org.credrelay.issuergateway.invitation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;
import org.credrelay.issuergateway.invitation.service.QrCodeRenderer;
import org.junit.jupiter.api.Test;

class QrCodeRendererTest {

  private static final String URI =
      "credrelay://invitation?v=2&token=abc&secret="
          + "A".repeat(43)
          + "&did=did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp&exp=1900000000";
  private final QrCodeRenderer renderer = new QrCodeRenderer();

  @Test
  void png_decodesToTheText_atTheRequestedScale() throws Exception {
    byte[] png = renderer.png(URI, 4);
    assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth() % 4).isZero();
    assertThat(scan(png)).isEqualTo(URI);
  }

  /** Reads a PNG as a camera app would: no hint that it is a clean, computer-made code. */
  static String scan(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    int[] pixels =
        image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    return new QRCodeReader()
        .decode(
            new BinaryBitmap(
                new HybridBinarizer(
                    new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))))
        .getText();
  }

  /**
   * With the encoder's own mask choice about 3 % of these failed to scan (ZXing's detector found a
   * false finder pattern); the renderer must serve only codes that read back.
   */
  @Test
  void png_ofManyRandomInvitations_allScanWithTheCameraStyleDetector() throws Exception {
    Random random = new Random(20261202);
    Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
    for (int i = 0; i < 300; i++) {
      byte[] token = new byte[16];
      byte[] secret = new byte[32];
      random.nextBytes(token);
      random.nextBytes(secret);
      String uri =
          "credrelay://invitation?v=2&token="
              + base64url.encodeToString(token)
              + "&secret="
              + base64url.encodeToString(secret)
              + "&did=did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp&exp=1900000000";
      assertThat(scan(renderer.png(uri, 8))).as("invitation %d", i).isEqualTo(uri);
    }
  }

  @Test
  void svg_isWellFormedWithModuleViewBox() throws Exception {
    String svg = renderer.svg(URI);
    var document =
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(document.getDocumentElement().getAttribute("viewBox")).matches("0 0 \\d+ \\d+");
  }
}
