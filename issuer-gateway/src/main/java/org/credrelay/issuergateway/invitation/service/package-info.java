/** Rules and orchestration. */
package org.credrelay.issuergateway.invitation.service;
