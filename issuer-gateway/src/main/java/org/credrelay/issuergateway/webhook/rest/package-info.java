/** REST API of a tenant's webhook endpoints. */
package org.credrelay.issuergateway.webhook.rest;
