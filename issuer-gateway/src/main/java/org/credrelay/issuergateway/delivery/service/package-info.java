/** Rules and orchestration. */
package org.credrelay.issuergateway.delivery.service;
