{{/*
The checkov checks the chart's pods do not meet, each with its reason, as checkov reads them
(`checkov.io/skipN: CHECK_ID=reason` on the object; checkov splits at the one `=`, so a reason holds none). The chart's test runs checkov on every
values file and fails on any other finding, or on a skip whose reason is missing.
(dict "root" $ "app" "command-api")
*/}}
{{- define "ledger.checkovSkips" -}}
{{- $skips := list "CKV_K8S_35=Ledger's apps read their configuration from environment variables only (docs/configuration.md), so credentials reach them as env entries from the existing Secret (secretKeyRef): never written into a manifest, a ConfigMap or the image" -}}
{{- if ne .root.Values.image.pullPolicy "Always" -}}
{{- $skips = append $skips "CKV_K8S_15=Images are pinned (a digest, or a release tag never rebuilt), so IfNotPresent runs the same image as Always would, without making every pod start wait for the registry" -}}
{{- end -}}
{{- if not (include "ledger.imagePinned" .) -}}
{{- $skips = append $skips "CKV_K8S_43=This image is named by a tag (no image.digest was given, or a staged upgrade keeps this app on the running release): production installs give the digest the pipeline tested as image.digest, and the exception then disappears from the rendering" -}}
{{- end -}}
{{- $lines := list -}}
{{- range $index, $skip := $skips -}}
{{- $lines = append $lines (printf "checkov.io/skip%d: %s" (add1 $index) ($skip | quote)) -}}
{{- end -}}
{{- join "\n" $lines -}}
{{- end -}}
