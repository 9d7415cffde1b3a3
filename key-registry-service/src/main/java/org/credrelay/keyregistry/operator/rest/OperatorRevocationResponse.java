package org.credrelay.keyregistry.operator.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import org.credrelay.keyregistry.history.rest.LogHeadResponse;
import org.credrelay.keyregistry.key.rest.KeyResponse;

/** The revoked key and the new head of its owner's log. */
@Schema(name = "OperatorRevocation")
public record OperatorRevocationResponse(KeyResponse key, LogHeadResponse head) {}
