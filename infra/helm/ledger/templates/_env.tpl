{{/*
The environment of one app, in two parts: what is not secret goes into the app's ConfigMap
("ledger.configEnv", a map), credentials come from the existing Secret ("ledger.secretEnv", a list
of env entries). Each variable is one the app reads (docs/configuration.md); the chart's test
holds every rendered name against the app's config schema.
*/}}
{{- define "ledger.configEnv" -}}
{{- $root := .root -}}
{{- $facts := include "ledger.facts" . | fromYaml -}}
{{- $config := $root.Values.config -}}
{{- $kafka := $config.kafka -}}
{{- $env := dict
  "NODE_ENV" $config.nodeEnv
  "LOG_LEVEL" $config.logLevel
  $facts.portVariable (toString $facts.port)
  "AUTH_ISSUER" (required "config.auth.issuer: the OpenID issuer every token must come from" $config.auth.issuer)
  "AUTH_AUDIENCE" $config.auth.audience
  "AUTH_ROLES_CLAIM" $config.auth.rolesClaim
  "OPERATIONS_ACCESS" $config.operationsAccess
-}}
{{- with $config.auth.jwksUrl }}{{ $_ := set $env "AUTH_JWKS_URL" . }}{{ end -}}
{{- with $config.trustProxy }}{{ $_ := set $env "TRUST_PROXY" . }}{{ end -}}
{{- with $config.corsOrigins }}{{ $_ := set $env "CORS_ORIGINS" . }}{{ end -}}
{{- with $config.tracing.otlpEndpoint }}{{ $_ := set $env "OTEL_EXPORTER_OTLP_ENDPOINT" . }}{{ end -}}
{{- if $facts.eventStore -}}
{{- $_ := set $env "EVENT_STORE" $config.eventStore.kind -}}
{{- $_ := set $env "EVENT_STORE_SCHEMA" $config.eventStore.schema -}}
{{- end -}}
{{- if $facts.kafka -}}
{{- $_ := set $env "KAFKA_BROKERS" (required "config.kafka.brokers: the Kafka bootstrap servers, host:port,host:port" $kafka.brokers) -}}
{{- $_ := set $env "KAFKA_CLIENT" $kafka.client -}}
{{- $_ := set $env "KAFKA_TLS" (toString $kafka.tls.enabled) -}}
{{- with $kafka.sasl.mechanism }}{{ $_ := set $env "KAFKA_SASL_MECHANISM" . }}{{ end -}}
{{- if $kafka.tls.caSecret.name -}}
{{- if not $kafka.tls.enabled }}{{ fail "config.kafka.tls.caSecret: a CA for the brokers' certificates needs config.kafka.tls.enabled" }}{{ end -}}
{{- $_ := set $env "KAFKA_TLS_CA_FILE" "/etc/ledger/kafka-ca/ca.crt" -}}
{{- end -}}
{{- end -}}
{{- if or (eq .app "event-relay") (eq .app "transfer-processor") -}}
{{- $_ := set $env "RELAY_TOPIC_PREFIX" $kafka.topicPrefix -}}
{{- $_ := set $env "RELAY_TOPIC_PARTITIONS" (toString $kafka.partitions) -}}
{{- $_ := set $env "RELAY_TOPIC_REPLICATION_FACTOR" (toString $kafka.replicationFactor) -}}
{{- $_ := set $env "RELAY_TOPIC_MIN_INSYNC_REPLICAS" (toString $kafka.minInsyncReplicas) -}}
{{- end -}}
{{- if eq .app "event-relay" -}}
{{- $_ := set $env "RELAY_CHECKPOINT_SCHEMA" $config.relayCheckpointSchema -}}
{{- end -}}
{{- if eq .app "projector" -}}
{{- $_ := set $env "PROJECTOR_TOPIC_PREFIX" $kafka.topicPrefix -}}
{{- $_ := set $env "PROJECTOR_TOPIC_PARTITIONS" (toString $kafka.partitions) -}}
{{- $_ := set $env "PROJECTOR_TOPIC_REPLICATION_FACTOR" (toString $kafka.replicationFactor) -}}
{{- $_ := set $env "PROJECTOR_TOPIC_MIN_INSYNC_REPLICAS" (toString $kafka.minInsyncReplicas) -}}
{{- /* The console asks the relay for its role and lag through this Service. */ -}}
{{- $_ := set $env "RELAY_URL" (printf "http://%s:3003" (include "ledger.appName" (dict "root" $root "app" "event-relay"))) -}}
{{- end -}}
{{- if or (eq .app "projector") (eq .app "query-api") -}}
{{- $_ := set $env "READ_MODEL_SCHEMA" $config.readModelSchema -}}
{{- end -}}
{{- if and $facts.migrates $root.Values.migrations.enabled -}}
{{- /* The migration Job ran before this release's pods start; the apps only check its work. */ -}}
{{- $_ := set $env "MIGRATE_ON_BOOT" "false" -}}
{{- end -}}
{{- range $name, $value := (get $root.Values.apps .app).env -}}
{{- $_ := set $env $name (toString $value) -}}
{{- end -}}
{{- toYaml $env -}}
{{- end -}}

{{/* One env entry read from the existing Secret: (dict "root" $ "name" "DATABASE_URL" "key" "database-url") */}}
{{- define "ledger.secretEntry" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "ledger.existingSecret" .root }}
      key: {{ .key }}
{{- end -}}

{{- define "ledger.secretEnv" -}}
{{- $root := .root -}}
{{- $facts := include "ledger.facts" . | fromYaml -}}
{{- $keys := $root.Values.secrets.keys -}}
{{- $pooled := and $root.Values.database.pooled (ne $facts.database "direct") -}}
{{- include "ledger.secretEntry" (dict "root" $root "name" "DATABASE_URL" "key" (ternary $keys.pooledDatabaseUrl $keys.databaseUrl $pooled)) }}
{{- if and $pooled (eq $facts.database "pooled-with-direct") }}
{{ include "ledger.secretEntry" (dict "root" $root "name" "DATABASE_DIRECT_URL" "key" $keys.databaseUrl) }}
{{- end }}
{{- if and (eq .app "query-api") $root.Values.database.readReplica }}
{{ include "ledger.secretEntry" (dict "root" $root "name" "READ_DATABASE_URL" "key" $keys.readDatabaseUrl) }}
{{- end }}
{{- if $facts.mongodb }}
{{ include "ledger.secretEntry" (dict "root" $root "name" "MONGODB_URL" "key" $keys.mongodbUrl) }}
{{- end }}
{{- if $facts.redis }}
{{ include "ledger.secretEntry" (dict "root" $root "name" "REDIS_URL" "key" $keys.redisUrl) }}
{{- end }}
{{- if and $facts.kafka $root.Values.config.kafka.sasl.mechanism }}
{{ include "ledger.secretEntry" (dict "root" $root "name" "KAFKA_SASL_USERNAME" "key" $keys.kafkaSaslUsername) }}
{{ include "ledger.secretEntry" (dict "root" $root "name" "KAFKA_SASL_PASSWORD" "key" $keys.kafkaSaslPassword) }}
{{- end }}
{{- if and $facts.eventStore (eq $root.Values.config.eventStore.kind "kurrentdb") }}
{{ include "ledger.secretEntry" (dict "root" $root "name" "KURRENTDB_URL" "key" $keys.kurrentdbUrl) }}
{{- end }}
{{- end -}}
