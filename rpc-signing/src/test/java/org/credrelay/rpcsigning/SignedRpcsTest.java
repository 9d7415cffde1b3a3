package org.credrelay.rpcsigning;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.MethodDescriptor;
import java.util.stream.Collectors;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.junit.jupiter.api.Test;

/** The signed-rpc option is read from the generated descriptors, as the .proto files declare it. */
class SignedRpcsTest {

  @Test
  void connector_signsEveryRpcButGetConnectionTokenInfo() {
    var unsigned =
        ConnectorServiceGrpc.getServiceDescriptor().getMethods().stream()
            .filter(method -> !SignedRpcs.isSigned(method))
            .map(MethodDescriptor::getBareMethodName)
            .collect(Collectors.toSet());

    assertThat(unsigned).containsExactly("GetConnectionTokenInfo");
  }

  @Test
  void keyRegistry_signsItsSixWritesAndNoLookup() {
    var signed =
        KeyRegistryServiceGrpc.getServiceDescriptor().getMethods().stream()
            .filter(SignedRpcs::isSigned)
            .map(MethodDescriptor::getBareMethodName)
            .collect(Collectors.toSet());

    assertThat(signed)
        .containsExactlyInAnyOrder(
            "RegisterDid",
            "AddDidKey",
            "RotateDidKey",
            "RevokeDidKey",
            "RegisterConnectionKeys",
            "RotateConnectionKey");
  }

  @Test
  void methodWithoutAProtoDescriptor_countsAsSigned() {
    MethodDescriptor<Void, Void> custom =
        MethodDescriptor.<Void, Void>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("a.B/C")
            .setRequestMarshaller(new NoMarshaller())
            .setResponseMarshaller(new NoMarshaller())
            .build();

    assertThat(SignedRpcs.isSigned(custom)).isTrue();
  }

  private static final class NoMarshaller implements MethodDescriptor.Marshaller<Void> {
    @Override
    public java.io.InputStream stream(Void value) {
      return java.io.InputStream.nullInputStream();
    }

    @Override
    public Void parse(java.io.InputStream stream) {
      return null;
    }
  }
}
