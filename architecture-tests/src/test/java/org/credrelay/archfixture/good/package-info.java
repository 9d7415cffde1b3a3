/**
 * Fixture: a miniature service that follows every house rule (a key feature with grpc, rest,
 * service and store, and an audit feature that uses it through its service).
 */
package org.credrelay.archfixture.good;
