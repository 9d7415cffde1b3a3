/**
 * Keyset pagination shared by the tenant's listings: the opaque cursor and how a page is cut, so
 * every list pages the same way.
 */
package org.credrelay.issuergateway.keyset;
