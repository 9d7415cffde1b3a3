/** Rules and orchestration: endpoints, secrets, signing, the outbox writer and the worker. */
package org.credrelay.issuergateway.webhook.service;
