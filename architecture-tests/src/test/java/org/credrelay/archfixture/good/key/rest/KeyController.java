package org.credrelay.archfixture.good.key.rest;

import org.credrelay.archfixture.good.key.RegisteredKey;
import org.credrelay.archfixture.good.key.service.KeyManager;
import org.springframework.web.bind.annotation.RestController;

/** Fixture: a controller in its feature's rest package, calling the manager. */
@RestController
class KeyController {
  private final KeyManager keys;

  KeyController(KeyManager keys) {
    this.keys = keys;
  }

  RegisteredKey key(String id) {
    return keys.key(id);
  }
}
