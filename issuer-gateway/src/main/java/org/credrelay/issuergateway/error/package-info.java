/** The gateway's error model and its single mapping to RFC 9457 problem documents. */
package org.credrelay.issuergateway.error;
