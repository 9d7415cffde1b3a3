package org.credrelay.archfixture.bad.r3a.invitation;

/** Fixture: the invitation feature's domain type. */
public record Invitation(String id) {}
