/** Encryption of secrets at rest under the configured key-encryption key. */
package org.credrelay.issuergateway.crypto;
