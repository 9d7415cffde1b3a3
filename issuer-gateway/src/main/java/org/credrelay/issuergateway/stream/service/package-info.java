/** Rules and orchestration. */
package org.credrelay.issuergateway.stream.service;
