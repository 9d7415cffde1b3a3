/** Rules and orchestration. */
package org.credrelay.issuergateway.handshake.service;
