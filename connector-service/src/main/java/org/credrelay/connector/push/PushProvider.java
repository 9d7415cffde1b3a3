package org.credrelay.connector.push;

/** Who delivers a wake-up to a device (the wire's {@code PushProvider} without UNSPECIFIED). */
public enum PushProvider {
  /** A plain webhook the push relay calls. */
  WEBHOOK,
  /** Firebase Cloud Messaging. */
  FCM,
  /** Apple Push Notification service. */
  APNS
}
