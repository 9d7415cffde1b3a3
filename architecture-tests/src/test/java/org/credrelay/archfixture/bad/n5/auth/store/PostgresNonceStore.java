package org.credrelay.archfixture.bad.n5.auth.store;

/** Fixture violating N5 only: a service's own copy of the nonce store. */
class PostgresNonceStore {}
