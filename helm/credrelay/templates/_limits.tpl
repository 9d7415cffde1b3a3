{{/*
The connector's quotas and rate limits (values connector.messages.limits) as environment variables
of its ConfigMap, bound by Spring to connector.messages.limits.* (MessageLimitsProperties).
Context: data (the ConfigMap data dict, filled in place), limits.
*/}}
{{- define "credrelay.connectorLimitsConfig" -}}
{{- $data := .data }}
{{- with .limits }}
{{- $_ := set $data "CONNECTOR_MESSAGES_LIMITS_QUEUE_MAXMESSAGES" (toString (int .queue.maxMessages)) }}
{{- $_ := set $data "CONNECTOR_MESSAGES_LIMITS_QUEUE_MAXBYTES" (toString .queue.maxBytes) }}
{{- $_ := set $data "CONNECTOR_MESSAGES_LIMITS_QUEUE_RECOUNTINTERVAL" (toString .queue.recountInterval) }}
{{- range $kind, $size := .messageSize }}
{{- $_ := set $data (printf "CONNECTOR_MESSAGES_LIMITS_MESSAGESIZE_%s" (upper $kind)) (toString $size) }}
{{- end }}
{{- range $name, $rate := dict "SENDERRATE" .senderRate "HOLDERCONNECTIONRATE" .holderConnectionRate }}
{{- $_ := set $data (printf "CONNECTOR_MESSAGES_LIMITS_%s_BURST" $name) (toString (int $rate.burst)) }}
{{- $_ := set $data (printf "CONNECTOR_MESSAGES_LIMITS_%s_REFILLTOKENS" $name) (toString (int $rate.refillTokens)) }}
{{- $_ := set $data (printf "CONNECTOR_MESSAGES_LIMITS_%s_REFILLPERIOD" $name) (toString $rate.refillPeriod) }}
{{- end }}
{{- $_ := set $data "CONNECTOR_MESSAGES_LIMITS_RATELIMITSENABLED" (toString .rateLimitsEnabled) }}
{{- $_ := set $data "CONNECTOR_MESSAGES_LIMITS_STREAMSPERPARTICIPANT" (toString (int .streamsPerParticipant)) }}
{{- $_ := set $data "CONNECTOR_MESSAGES_LIMITS_BUCKETPURGEINTERVAL" (toString .bucketPurgeInterval) }}
{{- $_ := set $data "CONNECTOR_MESSAGES_LIMITS_GAUGES_INTERVAL" (toString .gauges.interval) }}
{{- $_ := set $data "CONNECTOR_MESSAGES_LIMITS_GAUGES_NEARLIMITRATIO" (toString .gauges.nearLimitRatio) }}
{{- end }}
{{- end }}
