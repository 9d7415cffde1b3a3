package org.credrelay.archfixture.bad.n2.key.rest;

import org.springframework.web.bind.annotation.RestController;

/** Fixture violating N2 only: a REST controller not named *Controller. */
@RestController
class KeyResource {}
