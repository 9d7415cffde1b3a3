/** Connections with holders, their states and the holder keys pinned by the handshake. */
package org.credrelay.issuergateway.connection;
