/** Rules and orchestration. */
package org.credrelay.issuergateway.credential.service;
