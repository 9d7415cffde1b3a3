package org.credrelay.wallet.sdk;

/** Who delivers the connector's wake-ups to this device (docs/PROTOCOL.md §5.13). */
public enum PushProvider {
  /** A plain webhook the operator's push relay calls. */
  WEBHOOK,
  /** Firebase Cloud Messaging: the token is the FCM registration token. */
  FCM,
  /** Apple Push Notification service: the token is the APNs device token. */
  APNS
}
