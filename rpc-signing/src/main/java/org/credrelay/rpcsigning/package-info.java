/**
 * Request signing plumbing shared by every credrelay service and client (docs/PROTOCOL.md §2),
 * plain Java: {@link org.credrelay.rpcsigning.RequestSigningInterceptor} (client), {@link
 * org.credrelay.rpcsigning.SignatureVerifyingInterceptor} (server), {@link
 * org.credrelay.rpcsigning.SignedRpcs} (which rpcs are signed, from the .proto option), {@link
 * org.credrelay.rpcsigning.SingleUseIdStore} (nonces and JWT ids in PostgreSQL) and {@link
 * org.credrelay.rpcsigning.RetryClassification} (which gRPC failures are worth retrying).
 */
package org.credrelay.rpcsigning;
