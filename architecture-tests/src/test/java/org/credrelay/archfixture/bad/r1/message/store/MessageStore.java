package org.credrelay.archfixture.bad.r1.message.store;

import org.credrelay.archfixture.bad.r1.message.service.MessagePolicy;

/** Fixture violating R1 only: a store uses its service layer. */
public class MessageStore {
  public boolean accepts(byte[] body) {
    return MessagePolicy.fits(body);
  }
}
