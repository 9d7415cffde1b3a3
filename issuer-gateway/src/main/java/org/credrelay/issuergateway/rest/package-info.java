/** Cross-cutting pieces of the REST API: size limit, paging, OpenAPI document. */
package org.credrelay.issuergateway.rest;
