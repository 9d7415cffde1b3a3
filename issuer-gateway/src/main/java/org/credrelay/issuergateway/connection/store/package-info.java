/** Persistence; JPA entities and SQL stay in this package. */
package org.credrelay.issuergateway.connection.store;
