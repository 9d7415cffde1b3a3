/**
 * Key rotation with continuity (docs/decisions/0028-rotation-announcements.md): an issuer key
 * rotation announced on every VERIFIED connection, and holder rotation announcements verified
 * against the key registry before the holder's new key is pinned.
 */
package org.credrelay.issuergateway.keyrotation;
