/** Following each tenant's message stream at the connector and handling what holders send. */
package org.credrelay.issuergateway.stream;
