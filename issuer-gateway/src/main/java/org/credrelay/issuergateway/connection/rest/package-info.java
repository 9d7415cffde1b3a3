/** REST transport: controllers and request/response records. */
package org.credrelay.issuergateway.connection.rest;
