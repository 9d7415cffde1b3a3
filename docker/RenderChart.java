import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code helm template} without a helm binary, for docker/kube-play.sh: renders the chart with the
 * helm-java library the chart's tests use (bundled Helm). Run as a single-file program:
 * {@code java -cp <helm module test classpath> docker/RenderChart.java CHART RELEASE NAMESPACE OUT
 * VALUES...}.
 */
public final class RenderChart {
  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: RenderChart CHART RELEASE NAMESPACE OUT VALUES...");
      System.exit(64);
    }
    TemplateCommand template =
        new Helm(Path.of(args[0])).template().withName(args[1]).withNamespace(args[2]);
    for (int i = 4; i < args.length; i++) {
      template = template.withValuesFile(Path.of(args[i]));
    }
    Files.writeString(Path.of(args[3]), template.call());
  }
}
