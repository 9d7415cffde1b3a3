package org.credrelay.wallet.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The JSON form of one {@link WalletJournal} record: what changed in the {@link WalletState} since
 * the previous save, as upserts and removals of top-level entries, in the JSON types of {@link
 * StateDocument}. Absent (null) means unchanged, so a record's size follows the change, not the
 * state. Replayed in order onto the snapshot ({@link WalletState#apply}).
 *
 * @param connections connections added or replaced (whole records, by connection id)
 * @param credentials credentials added or replaced (metadata and document file name)
 * @param seenMessageIds envelope ids recorded (or recorded again after they expired)
 * @param forgottenSeenMessageIds envelope ids forgotten because they expired
 * @param lastSeenMessageId the new last connector message processed
 * @param keyHistories key histories added or replaced (by owner)
 * @param unacknowledgedMessageIds the whole list of processed, unacknowledged connector messages
 *     (short: it empties at every acknowledgement), in processing order
 * @param ownKeyRotations holder key rotations added or replaced (by connection id)
 * @param deviceId the device id, once assigned
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StateChange(
    List<ConnectionRecord> connections,
    List<StateDocument.StoredCredential> credentials,
    List<StateDocument.SeenId> seenMessageIds,
    List<ForgottenSeenId> forgottenSeenMessageIds,
    String lastSeenMessageId,
    List<KeyHistoryRecord> keyHistories,
    List<String> unacknowledgedMessageIds,
    List<OwnKeyRotation> ownKeyRotations,
    String deviceId) {

  /** An expired envelope id the state no longer holds. */
  record ForgottenSeenId(String connectionId, String messageId) {}
}
