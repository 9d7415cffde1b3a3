/** Authentication (tenant API keys, bootstrap key, OAuth2 bearer JWTs) and tenant scoping. */
package org.credrelay.issuergateway.security;
