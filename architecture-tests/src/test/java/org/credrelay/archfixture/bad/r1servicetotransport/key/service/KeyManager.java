package org.credrelay.archfixture.bad.r1servicetotransport.key.service;

import org.credrelay.archfixture.bad.r1servicetotransport.key.rest.KeyResponse;

/** Fixture violating R1 only: the service layer builds a transport type. */
public class KeyManager {
  public KeyResponse key(String id) {
    return new KeyResponse(id);
  }
}
