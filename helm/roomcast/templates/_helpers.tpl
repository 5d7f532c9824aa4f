{{/*
Names, labels, images and the shared config/secret names. Per-component templates call these with
(dict "root" $ "name" "<component>"), where <component> is a key of roomcast.components.
*/}}

{{/*
The four services: the values key, the env prefix their properties use (roomcast.<prefix>.*), and
what each one talks to. Fixed by the code, so not a value.
*/}}
{{- define "roomcast.components" -}}
connector:
  valuesKey: connector
  envPrefix: CONNECTOR
  redis: false
  postgresql: false
  advertisesPodIp: true
room-service:
  valuesKey: roomService
  envPrefix: ROOM
  redis: true
  postgresql: false
  advertisesPodIp: true
mailbox-service:
  valuesKey: mailboxService
  envPrefix: MAILBOX
  redis: true
  postgresql: true
  advertisesPodIp: false
gift-service:
  valuesKey: giftService
  envPrefix: GIFT
  redis: true
  postgresql: true
  advertisesPodIp: false
{{- end -}}

{{/* The descriptor of one component: (dict "root" $ "name" "connector") -> its map from roomcast.components. */}}
{{- define "roomcast.component" -}}
{{- index (include "roomcast.components" .root | fromYaml) .name | toYaml -}}
{{- end -}}

{{/* The values key of one component; callers take (index .root.Values <key>) to keep value types. */}}
{{- define "roomcast.valuesKey" -}}
{{- (include "roomcast.component" . | fromYaml).valuesKey -}}
{{- end -}}

{{/* A scalar as text; whole numbers without the float notation YAML numbers get (1e+06 -> 1000000). */}}
{{- define "roomcast.scalar" -}}
{{- if and (kindIs "float64" .) (eq . (float64 (int64 .))) -}}
{{- int64 . -}}
{{- else -}}
{{- toString . -}}
{{- end -}}
{{- end -}}

{{- define "roomcast.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "roomcast.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* <fullname>-<component>, e.g. roomcast-room-service. */}}
{{- define "roomcast.componentName" -}}
{{- printf "%s-%s" (include "roomcast.fullname" .root | trunc 40 | trimSuffix "-") .name -}}
{{- end -}}

{{- define "roomcast.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "roomcast.labels" -}}
helm.sh/chart: {{ include "roomcast.chart" . }}
app.kubernetes.io/name: {{ include "roomcast.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: roomcast
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one component (stable across upgrades: never add a version here). */}}
{{- define "roomcast.selectorLabels" -}}
app.kubernetes.io/name: {{ include "roomcast.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "roomcast.componentLabels" -}}
{{ include "roomcast.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "roomcast.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "roomcast.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* native or jvm for one component. */}}
{{- define "roomcast.imageVariant" -}}
{{- $v := index .root.Values (include "roomcast.valuesKey" .) -}}
{{- default .root.Values.image.variant $v.image.variant -}}
{{- end -}}

{{/*
Image reference of one component: [registry/]repository:tag. A component's own tag is used as is;
otherwise the base tag (image.tag or appVersion) plus the variant's suffix, so native is the default.
*/}}
{{- define "roomcast.image" -}}
{{- $v := index .root.Values (include "roomcast.valuesKey" .) -}}
{{- $variant := include "roomcast.imageVariant" . -}}
{{- $tag := $v.image.tag -}}
{{- if not $tag -}}
{{- $tag = printf "%s%s" (default .root.Chart.AppVersion .root.Values.image.tag) (index .root.Values.image.tagSuffix $variant) -}}
{{- end -}}
{{- $repo := $v.image.repository -}}
{{- with .root.Values.image.registry -}}
{{- $repo = printf "%s/%s" (trimSuffix "/" .) $repo -}}
{{- end -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}

{{/* The chart's own Secret; rendered only when some credential is not taken from an existing Secret. */}}
{{- define "roomcast.secretName" -}}
{{- include "roomcast.fullname" . -}}
{{- end -}}

{{- define "roomcast.tokenSecretName" -}}
{{- default (include "roomcast.secretName" .) .Values.auth.existingSecret -}}
{{- end -}}

{{- define "roomcast.redisSecretName" -}}
{{- default (include "roomcast.secretName" .) .Values.redis.auth.existingSecret -}}
{{- end -}}

{{- define "roomcast.postgresqlSecretName" -}}
{{- default (include "roomcast.secretName" .) .Values.postgresql.auth.existingSecret -}}
{{- end -}}

{{- define "roomcast.createsSecret" -}}
{{- if or (not .Values.auth.existingSecret) (not .Values.postgresql.auth.existingSecret) (and .Values.redis.auth.enabled (not .Values.redis.auth.existingSecret)) -}}
true
{{- end -}}
{{- end -}}

{{/* PostgreSQL URL without scheme: //host:port/db[?params]. */}}
{{- define "roomcast.postgresqlAddress" -}}
{{- $pg := .Values.postgresql -}}
{{- printf "//%s:%v/%s" $pg.host $pg.port $pg.database -}}
{{- with $pg.urlParameters }}?{{ . }}{{ end -}}
{{- end -}}

{{/* Seconds the connector's drain window takes, rounded up. */}}
{{- define "roomcast.connectorDrainSeconds" -}}
{{- div (add (int64 .Values.connector.drain.windowMillis) 999) 1000 -}}
{{- end -}}

{{/*
QUARKUS_SHUTDOWN_TIMEOUT of the connector: the drain window plus 5 s to leave routes and close, so
that Quarkus never cuts a drain short.
*/}}
{{- define "roomcast.connectorShutdownSeconds" -}}
{{- add (include "roomcast.connectorDrainSeconds" .) 5 -}}
{{- end -}}

{{/*
The connector's grace period: the configured one, which must outlast preStop pause + shutdown
(drain window + 5 s), or preStop pause + drain window + 15 s. Failing here, not in the schema,
because JSON Schema cannot compare two values.
*/}}
{{- define "roomcast.connectorGracePeriodSeconds" -}}
{{- $c := .Values.connector -}}
{{- $preStop := int64 $c.drain.preStopSleepSeconds -}}
{{- $needed := add $preStop (include "roomcast.connectorShutdownSeconds" .) -}}
{{- if kindIs "invalid" $c.terminationGracePeriodSeconds -}}
{{- add $preStop (include "roomcast.connectorDrainSeconds" .) 15 -}}
{{- else if le (int64 $c.terminationGracePeriodSeconds) (int64 $needed) -}}
{{- fail (printf "connector.terminationGracePeriodSeconds (%v) must be greater than %v: drain.preStopSleepSeconds (%v) + drain.windowMillis rounded up to seconds (%v) + 5 s to close, or the kubelet kills connections mid-drain" (int64 $c.terminationGracePeriodSeconds) $needed $preStop (include "roomcast.connectorDrainSeconds" .)) -}}
{{- else -}}
{{- int64 $c.terminationGracePeriodSeconds -}}
{{- end -}}
{{- end -}}

{{/* Quarkus env mapping of a property name: roomcast.connector.drain-window-millis -> ROOMCAST_CONNECTOR_DRAIN_WINDOW_MILLIS. */}}
{{- define "roomcast.envName" -}}
{{- regexReplaceAll "[^A-Za-z0-9]" . "_" | upper -}}
{{- end -}}
