/**
 * Client-side request signing for gRPC: {@link org.credrelay.rpcsigning.RequestSigningInterceptor}.
 */
package org.credrelay.rpcsigning;
