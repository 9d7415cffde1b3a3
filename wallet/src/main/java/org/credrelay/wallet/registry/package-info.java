/**
 * The wallet's client of the key registry: fetches the key event log of an issuer DID, verifies it
 * with {@code key-history}'s {@code KeyHistoryVerifier} against the head the wallet pinned before,
 * and answers "what is the verified status of this issuer key?" (threat model S8). Entry point:
 * {@link org.credrelay.wallet.registry.IssuerKeyHistory}.
 */
package org.credrelay.wallet.registry;
