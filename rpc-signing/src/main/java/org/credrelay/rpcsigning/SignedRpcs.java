package org.credrelay.rpcsigning;

import com.google.protobuf.Descriptors;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import org.credrelay.proto.options.v1.RpcOptionsProto;

/**
 * Which RPCs are signed: the {@code (credrelay.options.v1.signed)} option on the rpc in the .proto
 * files (credrelay/options/v1/rpc_options.proto), read from the generated descriptors. That option
 * is the only list; clients and servers both ask this class.
 */
public final class SignedRpcs {

  private SignedRpcs() {}

  /** True if the rpc is declared with {@code option (credrelay.options.v1.signed) = true}. */
  public static boolean isSigned(Descriptors.MethodDescriptor method) {
    return method.getOptions().getExtension(RpcOptionsProto.signed);
  }

  /**
   * True if the method is declared signed. A method without a protobuf descriptor (not generated
   * from a .proto file) counts as signed: a client then signs needlessly, and a server refuses an
   * unsigned call rather than letting it through unchecked.
   */
  public static boolean isSigned(MethodDescriptor<?, ?> method) {
    if (method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier proto) {
      return isSigned(proto.getMethodDescriptor());
    }
    return true;
  }
}
