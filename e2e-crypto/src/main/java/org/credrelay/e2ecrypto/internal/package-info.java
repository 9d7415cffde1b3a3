/**
 * Small helpers shared by the feature packages: strict base64url, bounded JSON, digests and an
 * in-memory expiring set. Not API: other modules must not depend on this package; its contents may
 * change without notice.
 */
package org.credrelay.e2ecrypto.internal;
