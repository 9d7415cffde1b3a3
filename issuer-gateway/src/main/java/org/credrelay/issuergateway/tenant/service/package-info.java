/** Rules and orchestration. */
package org.credrelay.issuergateway.tenant.service;
