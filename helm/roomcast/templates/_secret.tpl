{{/*
The chart's Secret: user-token and service-credential secrets (separate keys), and PostgreSQL/Redis credentials unless each comes from an
existing Secret. A generated token secret is read back from the live Secret on upgrade (lookup), so
an upgrade never rotates it by accident; an install has nothing to read back and never asks the cluster.
*/}}
{{- define "roomcast.secret" -}}
{{- range .Values.auth.serviceTokenSecrets -}}
{{- if has . $.Values.auth.tokenSecrets -}}
{{- fail "auth.serviceTokenSecrets shares a secret with auth.tokenSecrets: service credentials need keys of their own, or a user-token key could sign them" -}}
{{- end -}}
{{- end -}}
{{- $name := include "roomcast.secretName" . -}}
{{- $liveData := dict -}}
{{- if .Release.IsUpgrade -}}
{{- $live := lookup "v1" "Secret" .Release.Namespace $name -}}
{{- $liveData = (and $live $live.data) | default dict -}}
{{- end -}}
apiVersion: v1
kind: Secret
metadata:
  name: {{ $name }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "roomcast.labels" . | nindent 4 }}
type: Opaque
data:
  {{- if not .Values.auth.existingSecret }}
  {{- range $pair := list (list .Values.auth.tokenSecretsKey .Values.auth.tokenSecrets) (list .Values.auth.serviceTokenSecretsKey .Values.auth.serviceTokenSecrets) }}
  {{- $key := index $pair 0 }}
  {{- $given := index $pair 1 }}
  {{- if $given }}
  {{ $key }}: {{ join "," $given | b64enc | quote }}
  {{- else if hasKey $liveData $key }}
  {{ $key }}: {{ index $liveData $key | quote }}
  {{- else }}
  {{ $key }}: {{ randAlphaNum 48 | b64enc | quote }}
  {{- end }}
  {{- end }}
  {{- end }}
  {{- if not .Values.postgresql.auth.existingSecret }}
  {{ .Values.postgresql.auth.usernameKey }}: {{ .Values.postgresql.auth.username | b64enc | quote }}
  {{ .Values.postgresql.auth.passwordKey }}: {{ .Values.postgresql.auth.password | b64enc | quote }}
  {{- end }}
  {{- if and .Values.redis.auth.enabled (not .Values.redis.auth.existingSecret) }}
  {{ .Values.redis.auth.passwordKey }}: {{ .Values.redis.auth.password | b64enc | quote }}
  {{- end }}
{{- end -}}
