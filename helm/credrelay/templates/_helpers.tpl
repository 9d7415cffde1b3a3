{{/*
Names, labels and the values -> environment mapping shared by every template.
Most helpers take a context dict: `root` (the chart's top-level context) and `key`
(the values key of a component: connector, keyRegistry or issuerGateway).
*/}}

{{/* The values keys of the three components, in install order. */}}
{{- define "credrelay.componentKeys" -}}
{{- list "connector" "keyRegistry" "issuerGateway" | toJson -}}
{{- end }}

{{/* Kubernetes name suffix and app.kubernetes.io/component of a component: key -> name. */}}
{{- define "credrelay.componentName" -}}
{{- index (dict "connector" "connector" "keyRegistry" "key-registry" "issuerGateway" "issuer-gateway") . -}}
{{- end }}

{{/* PostgreSQL schema owned by a component (the folder of its Flyway migrations, see db/ServiceSchema). */}}
{{- define "credrelay.schemaName" -}}
{{- index (dict "connector" "connector" "keyRegistry" "key_registry" "issuerGateway" "issuer_gateway") . -}}
{{- end }}

{{- define "credrelay.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-wide name prefix; long enough room is left for the longest component suffix. */}}
{{- define "credrelay.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 47 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 47 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 47 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of a component's objects, e.g. myrelease-credrelay-key-registry. Context: root, key. */}}
{{- define "credrelay.componentFullname" -}}
{{- printf "%s-%s" (include "credrelay.fullname" .root) (include "credrelay.componentName" .key) -}}
{{- end }}

{{- define "credrelay.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. Context: root, and optionally key (component) or component (literal). */}}
{{- define "credrelay.labels" -}}
helm.sh/chart: {{ include "credrelay.chart" .root }}
{{ include "credrelay.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: credrelay
{{- end }}

{{/* Selector labels. Context: root, and optionally key (component) or component (literal name). */}}
{{- define "credrelay.selectorLabels" -}}
app.kubernetes.io/name: {{ include "credrelay.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .key }}
app.kubernetes.io/component: {{ include "credrelay.componentName" .key }}
{{- else if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end }}

{{- define "credrelay.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "credrelay.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image reference of a component. Context: root, key. */}}
{{- define "credrelay.image" -}}
{{- $svc := index .root.Values .key }}
{{- $tag := default .root.Chart.AppVersion $svc.image.tag }}
{{- with .root.Values.image.registry }}
{{- printf "%s/%s:%s" (trimSuffix "/" .) $svc.image.repository $tag }}
{{- else }}
{{- printf "%s:%s" $svc.image.repository $tag }}
{{- end }}
{{- end }}

{{/* gRPC target of the key registry for a caller. Context: root, target (override), path (values path for messages). */}}
{{- define "credrelay.keyRegistryTarget" -}}
{{- if .target }}
{{- .target }}
{{- else if .root.Values.keyRegistry.enabled }}
{{- printf "static://%s:%v" (include "credrelay.componentFullname" (dict "root" .root "key" "keyRegistry")) .root.Values.keyRegistry.ports.grpc }}
{{- else }}
{{- fail (printf "%s is required when keyRegistry.enabled is false: set the gRPC target of the service provider's key registry, e.g. static://key-registry.provider.example:443" .path) }}
{{- end }}
{{- end }}

{{/* gRPC target of the connector for the gateway. Context: root, target, path. */}}
{{- define "credrelay.connectorTarget" -}}
{{- if .target }}
{{- .target }}
{{- else if .root.Values.connector.enabled }}
{{- printf "static://%s:%v" (include "credrelay.componentFullname" (dict "root" .root "key" "connector")) .root.Values.connector.ports.grpc }}
{{- else }}
{{- fail (printf "%s is required when connector.enabled is false: set the gRPC target of the service provider's connector, e.g. static://connector.provider.example:443" .path) }}
{{- end }}
{{- end }}

{{/* JDBC URL of a component: its own database.url, else the shared one. Context: root, key. */}}
{{- define "credrelay.databaseUrl" -}}
{{- $svc := index .root.Values .key }}
{{- $url := default .root.Values.database.url $svc.database.url }}
{{- if regexMatch "(?i)(password|user)=" $url }}
{{- fail (printf "%s.database.url / database.url must not carry credentials: they come from the existing Secret only" .key) }}
{{- end }}
{{- required (printf "%s.database.url or database.url is required: the JDBC URL of the external PostgreSQL, e.g. jdbc:postgresql://postgres:5432/credrelay" .key) $url }}
{{- end }}

{{/*
Env entries with a component's database credentials, always from a Secret.
Context: root, key, userVar, passwordVar (names of the two variables).
*/}}
{{- define "credrelay.databaseCredentialsEnv" -}}
{{- $svc := index .root.Values .key }}
{{- $secret := $svc.database.existingSecret }}
{{- $keys := $svc.database.secretKeys }}
{{- if not $secret }}
{{- $secret = .root.Values.database.existingSecret }}
{{- $keys = .root.Values.database.secretKeys }}
{{- end }}
{{- if not $secret }}
{{- fail (printf "%s.database.existingSecret or database.existingSecret is required: name an existing Secret holding the database user name and password (keys set by secretKeys); the chart never renders credentials from values" .key) }}
{{- end }}
- name: {{ .userVar }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.username }}
- name: {{ .passwordVar }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.password }}
{{- end }}

{{/* Env names that must never carry a literal value: they name credentials or key material. */}}
{{- define "credrelay.secretNamePattern" -}}
(?i)(PASSWORD|PASSWD|SECRET|API_?KEY|PRIVATE_?KEY|KEYENCRYPTIONKEY|SIGNING_?KEY|SPRING_DATASOURCE_USERNAME)
{{- end }}

{{/*
Non-secret environment of a component as a YAML map: the ConfigMap's data.
Context: root, key.
*/}}
{{- define "credrelay.configData" -}}
{{- $root := .root }}
{{- $key := .key }}
{{- $svc := index $root.Values $key }}
{{- $data := dict }}
{{- $_ := set $data "SPRING_DATASOURCE_URL" (include "credrelay.databaseUrl" .) }}
{{- $_ := set $data "JAVA_TOOL_OPTIONS" $svc.javaToolOptions }}
{{- /* Read by the image's entry point (docker/entrypoint.sh): map the archive built into the image, or not. */}}
{{- $_ := set $data "CREDRELAY_CDS_ENABLED" (toString $root.Values.cds.enabled) }}
{{- $_ := set $data "SERVER_PORT" (toString (default $svc.ports.management $svc.ports.http)) }}
{{- $_ := set $data "MANAGEMENT_SERVER_PORT" (toString $svc.ports.management) }}
{{- $_ := set $data "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED" "true" }}
{{- $_ := set $data "SERVER_SHUTDOWN" "graceful" }}
{{- $_ := set $data "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE" (printf "%vs" $svc.shutdown.timeoutPerPhaseSeconds) }}
{{- if $svc.ports.grpc }}
{{- $_ := set $data "SPRING_GRPC_SERVER_PORT" (toString $svc.ports.grpc) }}
{{- $_ := set $data "SPRING_GRPC_SERVER_SHUTDOWN_GRACEPERIOD" (printf "%vs" $svc.shutdown.grpcGracePeriodSeconds) }}
{{- end }}
{{- if eq $root.Values.migrations.mode "job" }}
{{- $_ := set $data "SPRING_FLYWAY_ENABLED" "false" }}
{{- end }}
{{- if eq $key "connector" }}
{{- $_ := set $data "SPRING_GRPC_CLIENT_CHANNEL_KEYREGISTRY_TARGET" (include "credrelay.keyRegistryTarget" (dict "root" $root "target" $svc.keyRegistry.target "path" "connector.keyRegistry.target")) }}
{{- include "credrelay.connectorLimitsConfig" (dict "data" $data "limits" $svc.messages.limits) }}
{{- with $svc.messages.retention }}
{{- $_ := set $data "CONNECTOR_MESSAGES_RETENTION_MAXAGE" .maxAge }}
{{- $_ := set $data "CONNECTOR_MESSAGES_RETENTION_PARTITIONINTERVAL" .partitionInterval }}
{{- $_ := set $data "CONNECTOR_MESSAGES_RETENTION_CREATEAHEAD" .createAhead }}
{{- $_ := set $data "CONNECTOR_MESSAGES_RETENTION_MAINTENANCEINTERVAL" .maintenanceInterval }}
{{- $_ := set $data "CONNECTOR_MESSAGES_RETENTION_CLEANUPINTERVAL" .cleanupInterval }}
{{- $_ := set $data "CONNECTOR_MESSAGES_RETENTION_BATCHSIZE" (toString .batchSize) }}
{{- $_ := set $data "CONNECTOR_MESSAGES_RETENTION_MAXBATCHESPERRUN" (toString .maxBatchesPerRun) }}
{{- $_ := set $data "CONNECTOR_MESSAGES_RETENTION_EXPIREDTOKENGRACE" .expiredTokenGrace }}
{{- $_ := set $data "CONNECTOR_MESSAGES_RETENTION_LOCKTIMEOUT" .lockTimeout }}
{{- end }}
{{- $_ := set $data "CONNECTOR_MESSAGES_ACKNOWLEDGEMENT_MAXIDSPERREQUEST" (toString $svc.messages.acknowledgement.maxIdsPerRequest) }}
{{- $push := $svc.messages.push }}
{{- $_ := set $data "CONNECTOR_MESSAGES_PUSH_RELAY_URL" $push.relayUrl }}
{{- $_ := set $data "CONNECTOR_MESSAGES_PUSH_RELAY_TIMEOUT" $push.relayTimeout }}
{{- $_ := set $data "CONNECTOR_MESSAGES_PUSH_WAKEUPINTERVAL" $push.wakeUpInterval }}
{{- $_ := set $data "CONNECTOR_MESSAGES_PUSH_MAXTARGETSPERPARTICIPANT" (toString $push.maxTargetsPerParticipant) }}
{{- $_ := set $data "CONNECTOR_MESSAGES_PUSH_MAXTOKENBYTES" (toString $push.maxTokenBytes) }}
{{- $_ := set $data "CONNECTOR_MESSAGES_PUSH_MAXATTEMPTS" (toString $push.maxAttempts) }}
{{- $_ := set $data "CONNECTOR_MESSAGES_PUSH_INITIALBACKOFF" $push.initialBackoff }}
{{- $_ := set $data "CONNECTOR_MESSAGES_PUSH_MAXBACKOFF" $push.maxBackoff }}
{{- $_ := set $data "CONNECTOR_MESSAGES_PUSH_DISPATCHINTERVAL" $push.dispatchInterval }}
{{- $_ := set $data "CONNECTOR_MESSAGES_PUSH_PRESENCEHEARTBEATINTERVAL" $push.presenceHeartbeatInterval }}
{{- $_ := set $data "CONNECTOR_MESSAGES_PUSH_PRESENCETTL" $push.presenceTtl }}
{{- end }}
{{- if eq $key "keyRegistry" }}
{{- range $i, $jwk := include "credrelay.trustedConnectorKeys" $root | fromJsonArray }}
{{- $_ := set $data (printf "KEYREGISTRY_CONNECTORS_TRUSTEDKEYS_%d_" $i) $jwk }}
{{- end }}
{{- end }}
{{- if eq $key "issuerGateway" }}
{{- $_ := set $data "SPRING_GRPC_CLIENT_CHANNEL_CONNECTOR_TARGET" (include "credrelay.connectorTarget" (dict "root" $root "target" $svc.connector.target "path" "issuerGateway.connector.target")) }}
{{- $_ := set $data "SPRING_GRPC_CLIENT_CHANNEL_KEYREGISTRY_TARGET" (include "credrelay.keyRegistryTarget" (dict "root" $root "target" $svc.keyRegistry.target "path" "issuerGateway.keyRegistry.target")) }}
{{- with $svc.connector.publicAddress }}
{{- $_ := set $data "GATEWAY_UPSTREAM_CONNECTORADDRESS" . }}
{{- end }}
{{- with $svc.oauth2.issuerUri }}
{{- $_ := set $data "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI" . }}
{{- end }}
{{- with $svc.oauth2.jwkSetUri }}
{{- $_ := set $data "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI" . }}
{{- end }}
{{- with $svc.deliveries }}
{{- $_ := set $data "GATEWAY_DELIVERY_DEADLINE" .deadline }}
{{- $_ := set $data "GATEWAY_DELIVERY_MAXDEADLINE" .maxDeadline }}
{{- $_ := set $data "GATEWAY_DELIVERY_EXPIRYINTERVAL" .expiryInterval }}
{{- $_ := set $data "GATEWAY_DELIVERY_RESENDRETENTION" .resendRetention }}
{{- $_ := set $data "GATEWAY_DELIVERY_BULKRESENDMAXITEMS" (toString .bulkResendMaxItems) }}
{{- end }}
{{- /* The gateway's rate limits are per client address: take it from X-Forwarded-For set by the ingress (Tomcat trusts private-range proxies only). */}}
{{- with $svc.webhooks }}
{{- $_ := set $data "GATEWAY_WEBHOOKS_ENABLED" (toString .enabled) }}
{{- $_ := set $data "GATEWAY_WEBHOOKS_POLLINTERVAL" (toString .pollInterval) }}
{{- $_ := set $data "GATEWAY_WEBHOOKS_REQUESTTIMEOUT" (toString .requestTimeout) }}
{{- $_ := set $data "GATEWAY_WEBHOOKS_INITIALBACKOFF" (toString .initialBackoff) }}
{{- $_ := set $data "GATEWAY_WEBHOOKS_MAXBACKOFF" (toString .maxBackoff) }}
{{- $_ := set $data "GATEWAY_WEBHOOKS_MAXRETRYDURATION" (toString .maxRetryDuration) }}
{{- $_ := set $data "GATEWAY_WEBHOOKS_DISABLEAFTERFAILURES" (toString .disableAfterFailures) }}
{{- $_ := set $data "GATEWAY_WEBHOOKS_DISABLEAFTER" (toString .disableAfter) }}
{{- $_ := set $data "GATEWAY_WEBHOOKS_MAXENDPOINTSPERTENANT" (toString .maxEndpointsPerTenant) }}
{{- $_ := set $data "GATEWAY_WEBHOOKS_REQUIREHTTPS" (toString .requireHttps) }}
{{- $_ := set $data "GATEWAY_WEBHOOKS_SECRETROTATIONOVERLAP" (toString .secretRotationOverlap) }}
{{- end }}
{{- $_ := set $data "SERVER_FORWARDHEADERSSTRATEGY" "native" }}
{{- if or $svc.oauth2.issuerUri $svc.oauth2.jwkSetUri }}
{{- $_ := set $data "GATEWAY_SECURITY_OAUTH2_AUDIENCE" (required "issuerGateway.oauth2.audience is required when issuerGateway.oauth2.issuerUri or jwkSetUri is set: without it the gateway would accept tokens issued for other services (it refuses to start)" $svc.oauth2.audience) }}
{{- end }}
{{- end }}
{{- range $name, $value := $svc.config }}
{{- if regexMatch (include "credrelay.secretNamePattern" $root) $name }}
{{- fail (printf "%s.config.%s looks like a credential: put it in a Secret and reference it from %s.extraEnv with valueFrom.secretKeyRef" $key $name $key) }}
{{- end }}
{{- if or (hasKey $data $name) (hasPrefix "KEYREGISTRY_CONNECTORS_TRUSTEDKEYS_" $name) }}
{{- fail (printf "%s.config.%s is set by the chart from a dedicated value; change that value instead (see README.md)" $key $name) }}
{{- end }}
{{- $_ := set $data $name (toString $value) }}
{{- end }}
{{- toYaml $data }}
{{- end }}

{{/* Refuses extraEnv entries that would put credentials into the pod spec as literals. Context: root, key. */}}
{{- define "credrelay.extraEnv" -}}
{{- $svc := index .root.Values .key }}
{{- range $svc.extraEnv }}
{{- if and (hasKey . "value") (regexMatch (include "credrelay.secretNamePattern" $.root) .name) }}
{{- fail (printf "%s.extraEnv %s looks like a credential and must use valueFrom.secretKeyRef, not value" $.key .name) }}
{{- end }}
{{- end }}
{{- with $svc.extraEnv }}
{{- toYaml . }}
{{- end }}
{{- end }}

{{/* Shutdown timing checks of a component: streams must drain before Kubernetes kills the pod. Context: root, key. */}}
{{- define "credrelay.validateShutdown" -}}
{{- $svc := index .root.Values .key }}
{{- $s := $svc.shutdown }}
{{- $needed := add $s.preStopSleepSeconds $s.timeoutPerPhaseSeconds }}
{{- if le (int $svc.terminationGracePeriodSeconds) (int $needed) }}
{{- fail (printf "%s.terminationGracePeriodSeconds (%v) must exceed shutdown.preStopSleepSeconds + shutdown.timeoutPerPhaseSeconds (%v), or Kubernetes kills the pod before open calls drain" .key $svc.terminationGracePeriodSeconds $needed) }}
{{- end }}
{{- if and (hasKey $s "grpcGracePeriodSeconds") (lt (int $s.timeoutPerPhaseSeconds) (int $s.grpcGracePeriodSeconds)) }}
{{- fail (printf "%s.shutdown.timeoutPerPhaseSeconds (%v) must be at least shutdown.grpcGracePeriodSeconds (%v), or Spring stops the gRPC server before its streams drain" .key $s.timeoutPerPhaseSeconds $s.grpcGracePeriodSeconds) }}
{{- end }}
{{- if and $svc.autoscaling.enabled (gt (int $svc.autoscaling.minReplicas) (int $svc.autoscaling.maxReplicas)) }}
{{- fail (printf "%s.autoscaling.minReplicas (%v) must not exceed maxReplicas (%v)" .key $svc.autoscaling.minReplicas $svc.autoscaling.maxReplicas) }}
{{- end }}
{{- end }}

{{/* The issuer gateway's key material, always from its existing Secret. Context: root. */}}
{{- define "credrelay.gatewaySecretEnv" -}}
{{- $s := .Values.issuerGateway.secrets }}
{{- $secret := required "issuerGateway.secrets.existingSecret is required when issuerGateway.enabled is true: name an existing Secret holding the key-encryption key (and the bootstrap API key seed); the chart never renders key material from values" $s.existingSecret }}
- name: GATEWAY_CRYPTO_KEYENCRYPTIONKEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ required "issuerGateway.secrets.keys.keyEncryptionKey is required: the key of the key-encryption key in issuerGateway.secrets.existingSecret" $s.keys.keyEncryptionKey }}
{{- with $s.keys.bootstrapApiKey }}
- name: GATEWAY_BOOTSTRAP_APIKEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ . }}
{{- end }}
{{- end }}

{{/* The connector's key material, always from its existing Secret. Context: root. */}}
{{- define "credrelay.connectorSecretEnv" -}}
{{- $s := .Values.connector.secrets }}
{{- $secret := required "connector.secrets.existingSecret is required when connector.enabled is true: name an existing Secret holding the connector's private signing JWK (create the pair with `credrelay-local connector-key`, see the chart README); without it the key registry refuses every holder key registration and no invitation can be accepted. The chart never renders key material from values" $s.existingSecret }}
- name: CONNECTOR_KEYREGISTRY_SIGNINGKEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ required "connector.secrets.keys.keyRegistrySigningKey is required: the key of the signing JWK in connector.secrets.existingSecret" $s.keys.keyRegistrySigningKey }}
{{- $push := .Values.connector.messages.push }}
{{- if $push.relayUrl }}
- name: CONNECTOR_MESSAGES_PUSH_RELAY_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ required "connector.messages.push.existingSecret is required with connector.messages.push.relayUrl: name an existing Secret holding the push relay's Standard Webhooks signing secret (whsec_...); the chart never renders secrets from values" $push.existingSecret }}
      key: {{ required "connector.messages.push.secretKey is required: the key of the signing secret in connector.messages.push.existingSecret" $push.secretKey }}
{{- end }}
{{- end }}

{{/*
The public connector keys the key registry trusts, checked, as a JSON list. Context: root.
Public keys only: a JWK with a private member ("d") is refused, so a pasted private key never
lands in a ConfigMap.
*/}}
{{- define "credrelay.trustedConnectorKeys" -}}
{{- $keys := .Values.keyRegistry.connectors.trustedKeys }}
{{- if not $keys }}
{{- fail "keyRegistry.connectors.trustedKeys is required when keyRegistry.enabled is true: list the public JWK of every connector that may register holder keys (printed by `credrelay-local connector-key`, see the chart README); without it the key registry refuses every holder key registration and no invitation can be accepted" }}
{{- end }}
{{- range $i, $jwk := $keys }}
{{- if regexMatch "\"d\"\\s*:" $jwk }}
{{- fail (printf "keyRegistry.connectors.trustedKeys[%d] is a private JWK (it has a \"d\" member): list only the public half; the private key belongs in the connector's Secret (connector.secrets.existingSecret)" $i) }}
{{- end }}
{{- end }}
{{- $keys | toJson }}
{{- end }}
