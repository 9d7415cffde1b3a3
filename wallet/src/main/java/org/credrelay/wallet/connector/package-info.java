/**
 * Transport to the connector: channel set-up, signed calls, the message feed. Used by the SDK; not
 * part of its stable API.
 */
package org.credrelay.wallet.connector;
