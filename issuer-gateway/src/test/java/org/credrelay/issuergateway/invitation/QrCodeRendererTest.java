package org.credrelay.issuergateway.invitation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.credrelay.issuergateway.invitation.service.QrCodeRenderer;
import org.junit.jupiter.api.Test;

class QrCodeRendererTest {

  private static final String URI =
      "credrelay://invitation?v=1&token=abc&secret="
          + "A".repeat(43)
          + "&did=did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp&exp=1900000000";
  private final QrCodeRenderer renderer = new QrCodeRenderer();

  @Test
  void png_decodesToTheText_atTheRequestedScale() throws Exception {
    byte[] png = renderer.png(URI, 4);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth() % 4).isZero();
    int[] pixels =
        image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    String text =
        new QRCodeReader()
            .decode(
                new BinaryBitmap(
                    new HybridBinarizer(
                        new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))))
            .getText();
    assertThat(text).isEqualTo(URI);
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
