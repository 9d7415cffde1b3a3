/** Tenants (issuers): their DIDs, key pairs, API keys and registration upstream. */
package org.credrelay.issuergateway.tenant;
