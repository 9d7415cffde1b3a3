package org.credrelay.archfixture.good.key;

/** Fixture: a feature's top-level domain type, usable by other features. */
public record RegisteredKey(String id, String jwk) {}
