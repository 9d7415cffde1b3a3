/** REST endpoint of issuer key rotation (under the tenant's own API). */
package org.credrelay.issuergateway.keyrotation.rest;
