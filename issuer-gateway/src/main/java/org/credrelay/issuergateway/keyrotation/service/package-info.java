/** Rules of key rotation: what is announced to whom, and what is checked before re-pinning. */
package org.credrelay.issuergateway.keyrotation.service;
