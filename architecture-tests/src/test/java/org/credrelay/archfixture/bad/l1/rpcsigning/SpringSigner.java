package org.credrelay.archfixture.bad.l1.rpcsigning;

import org.springframework.stereotype.Component;

/** Fixture violating L1: a shared library class that needs Spring. */
@Component
class SpringSigner {}
