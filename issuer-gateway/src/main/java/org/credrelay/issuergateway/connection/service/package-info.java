/** Rules and orchestration. */
package org.credrelay.issuergateway.connection.service;
