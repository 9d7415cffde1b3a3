package org.credrelay.keyregistry.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyregistry.auth.service.ConnectorSignerCheck;
import org.credrelay.keyregistry.did.Did;
import org.credrelay.keyregistry.did.service.DidKeyParser;
import org.credrelay.keyregistry.did.service.DidSignerCheck;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.key.NewKey;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RegisterDidRequest;
import org.credrelay.rpcsigning.SignedCall;
import org.credrelay.rpcsigning.SignerKeyResolver;
import org.springframework.stereotype.Component;

/**
 * Which key must have signed a registry write (docs/PROTOCOL.md §2.5), for rpc-signing's {@code
 * SignatureVerifyingInterceptor}: RegisterDid by the authentication key it registers (proof of
 * possession), AddDidKey / RotateDidKey / RevokeDidKey by a registered authentication key ({@link
 * DidSignerCheck}; whether it may change that DID is checked in the change's transaction),
 * RegisterConnectionKeys by a trusted connector ({@link ConnectorSignerCheck}).
 */
@Component
public class RegistrySignerKeys implements SignerKeyResolver {

  private static final String REGISTER_DID =
      KeyRegistryServiceGrpc.getRegisterDidMethod().getFullMethodName();
  private static final String REGISTER_CONNECTION_KEYS =
      KeyRegistryServiceGrpc.getRegisterConnectionKeysMethod().getFullMethodName();

  private final DidSignerCheck didSigners;
  private final ConnectorSignerCheck connectorSigners;
  private final DidKeyParser keyParser;

  public RegistrySignerKeys(
      DidSignerCheck didSigners, ConnectorSignerCheck connectorSigners, DidKeyParser keyParser) {
    this.didSigners = didSigners;
    this.connectorSigners = connectorSigners;
    this.keyParser = keyParser;
  }

  @Override
  public PublicKeyJwk signerKey(SignedCall call) {
    if (call.method().equals(REGISTER_DID)) {
      return registeredKey(call);
    }
    if (call.method().equals(REGISTER_CONNECTION_KEYS)) {
      return connectorSigners.signerKey(call.keyId());
    }
    return didSigners.signerKey(call.keyId());
  }

  /** The authentication key a RegisterDid registers, which must be the one that signed it. */
  private PublicKeyJwk registeredKey(SignedCall call) {
    RegisterDidRequest request;
    try {
      request = RegisterDidRequest.parseFrom(call.requestBytes());
    } catch (InvalidProtocolBufferException e) {
      throw new RegistryException(Reason.MALFORMED_PROTOBUF, "the request is not valid protobuf");
    }
    Did did = Did.parse(request.getDid());
    NewKey key =
        keyParser.forDid(
            RequestProtoMapper.jwk(
                request.hasAuthenticationKey(),
                request.getAuthenticationKey(),
                "authentication_key"),
            KeyUsage.AUTHENTICATION,
            did,
            "authentication_key");
    if (!key.keyId().equals(call.keyId())) {
      throw new RegistryException(
          Reason.SIGNER_NOT_REQUEST_KEY,
          "RegisterDid must be signed by the authentication key it registers");
    }
    return key.jwk();
  }
}
