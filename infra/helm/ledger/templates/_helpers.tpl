{{/*
What the chart knows about each app and values cannot change: its port and port variable (the
apps' defaults, docs/configuration.md), and which servers it talks to. Everything else about an
app is in values (apps.<name>).
*/}}
{{- define "ledger.appFacts" -}}
command-api:
  port: 3000
  portVariable: COMMAND_API_PORT
  database: pooled
  eventStore: true
  kafka: false
  mongodb: false
  redis: true
  migrates: true
query-api:
  port: 3001
  portVariable: QUERY_API_PORT
  database: pooled-with-direct
  eventStore: false
  kafka: false
  mongodb: true
  redis: true
  migrates: false
projector:
  port: 3002
  portVariable: PROJECTOR_PORT
  database: direct
  eventStore: true
  kafka: true
  mongodb: true
  redis: true
  migrates: true
event-relay:
  port: 3003
  portVariable: EVENT_RELAY_PORT
  database: direct
  eventStore: true
  kafka: true
  mongodb: false
  redis: false
  migrates: true
transfer-processor:
  port: 3005
  portVariable: TRANSFER_PROCESSOR_PORT
  database: direct
  eventStore: true
  kafka: true
  mongodb: false
  redis: false
  migrates: true
{{- end -}}

{{/* The facts of one app: include "ledger.facts" (dict "root" $ "app" "query-api") | fromYaml */}}
{{- define "ledger.facts" -}}
{{- $all := include "ledger.appFacts" .root | fromYaml -}}
{{- if not (hasKey $all .app) -}}
{{- fail (printf "apps.%s: no such app (the apps are %s)" .app (keys $all | sortAlpha | join ", ")) -}}
{{- end -}}
{{- get $all .app | toYaml -}}
{{- end -}}

{{- define "ledger.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ledger.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "ledger.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "ledger.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The name of one app's objects: <release>-ledger-command-api, kept under 63 characters. */}}
{{- define "ledger.appName" -}}
{{- printf "%s-%s" (include "ledger.fullname" .root) .app | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ledger.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "ledger.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ledger
{{- end -}}

{{/* Selector labels of one app's pods: (dict "root" $ "app" "projector"). Never change them: a Deployment's selector is immutable. */}}
{{- define "ledger.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ledger.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .app }}
{{- end -}}

{{- define "ledger.appLabels" -}}
{{ include "ledger.labels" .root }}
app.kubernetes.io/component: {{ .app }}
{{- end -}}

{{/*
The image of one app. Its own digest or tag (apps.<name>.image, a staged upgrade keeps an app on
the running release's image) beats the chart's; then the chart's digest, then its tag.
*/}}
{{- define "ledger.image" -}}
{{- $image := .root.Values.image -}}
{{- $own := default dict (get (default dict (get .root.Values.apps .app)) "image") -}}
{{- if $own.digest -}}
{{- printf "%s@%s" $image.repository $own.digest -}}
{{- else if $own.tag -}}
{{- printf "%s:%s" $image.repository $own.tag -}}
{{- else if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $image.repository (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}
{{- end -}}

{{/* "true" when the app's image is pulled by digest (the same order as ledger.image). */}}
{{- define "ledger.imagePinned" -}}
{{- if contains "@sha256:" (include "ledger.image" .) -}}true{{- end -}}
{{- end -}}

{{- define "ledger.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ledger.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "ledger.existingSecret" -}}
{{- required "secrets.existingSecret: name the Secret that holds the database, MongoDB, Redis and Kafka credentials (docs/deploying.md, Kubernetes)" .Values.secrets.existingSecret -}}
{{- end -}}

{{/* KAFKA_SASL_MECHANISM's spelling in KEDA's Kafka scaler. */}}
{{- define "ledger.kedaSasl" -}}
{{- $mechanisms := dict "scram-sha-512" "scram_sha512" "scram-sha-256" "scram_sha256" "plain" "plaintext" -}}
{{- $mechanism := .Values.config.kafka.sasl.mechanism -}}
{{- if not (hasKey $mechanisms $mechanism) -}}
{{- fail (printf "config.kafka.sasl.mechanism: %q is none of scram-sha-512, scram-sha-256, plain" $mechanism) -}}
{{- end -}}
{{- get $mechanisms $mechanism -}}
{{- end -}}

{{/* The projector's consumer group: <prefix>.projector while it runs every projection (PROJECTIONS=all). */}}
{{- define "ledger.projectorGroup" -}}
{{- printf "%s.projector" .Values.config.kafka.topicPrefix -}}
{{- end -}}

{{/* Pod and container security, the same for every app and the migration Job. */}}
{{- define "ledger.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.runAsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "ledger.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}
