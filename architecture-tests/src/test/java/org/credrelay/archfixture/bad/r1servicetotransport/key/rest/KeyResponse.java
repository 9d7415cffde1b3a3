package org.credrelay.archfixture.bad.r1servicetotransport.key.rest;

/** Fixture: a REST response record. */
public record KeyResponse(String id) {}
