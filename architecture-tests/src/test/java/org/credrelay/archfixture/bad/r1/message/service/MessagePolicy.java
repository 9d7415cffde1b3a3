package org.credrelay.archfixture.bad.r1.message.service;

/** Fixture: a service-layer rule. */
public final class MessagePolicy {
  private MessagePolicy() {}

  public static boolean fits(byte[] body) {
    return body.length <= 16;
  }
}
