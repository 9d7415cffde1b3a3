package org.credrelay.issuergateway.tenant.service;

/**
 * What an operator asks for when creating a tenant.
 *
 * @param did the issuer DID, or null to derive a did:key from the new authentication key
 * @param oauthIssuer JWT claim value that maps bearer tokens to the tenant, or null
 */
public record NewTenant(String name, String did, String oauthIssuer) {}
