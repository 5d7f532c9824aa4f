{{/*
One ConfigMap per component, consumed whole through envFrom. Keys are environment variable names
(Quarkus maps QUARKUS_X_Y to quarkus.x.y), and each component gets only the settings it reads, so
no service logs "unrecognized configuration key" for another's extension.
*/}}
{{- define "roomcast.configmap" -}}
{{- $root := .root -}}
{{- $c := include "roomcast.component" . | fromYaml -}}
{{- $v := index $root.Values (include "roomcast.valuesKey" .) -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "roomcast.componentName" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "roomcast.componentLabels" . | nindent 4 }}
data:
  ROOMCAST_{{ $c.envPrefix }}_HTTP_PORT: {{ include "roomcast.scalar" $v.ports.http | quote }}
  {{- /* Inter-service gRPC clients (room, mailbox, gift) reach the ClusterIP Services. */}}
  ROOMCAST_ROOM_GRPC_HOST: {{ include "roomcast.componentName" (dict "root" $root "name" "room-service") | quote }}
  ROOMCAST_ROOM_GRPC_PORT: {{ include "roomcast.scalar" $root.Values.roomService.ports.http | quote }}
  ROOMCAST_MAILBOX_GRPC_HOST: {{ include "roomcast.componentName" (dict "root" $root "name" "mailbox-service") | quote }}
  ROOMCAST_MAILBOX_GRPC_PORT: {{ include "roomcast.scalar" $root.Values.mailboxService.ports.http | quote }}
  ROOMCAST_GIFT_GRPC_HOST: {{ include "roomcast.componentName" (dict "root" $root "name" "gift-service") | quote }}
  ROOMCAST_GIFT_GRPC_PORT: {{ include "roomcast.scalar" $root.Values.giftService.ports.http | quote }}
  {{- if eq .name "connector" }}
  ROOMCAST_CONNECTOR_WS_PORT: {{ include "roomcast.scalar" $v.ports.websocket | quote }}
  ROOMCAST_CONNECTOR_TCP_PORT: {{ include "roomcast.scalar" $v.ports.tcp | quote }}
  ROOMCAST_CONNECTOR_DRAIN_WINDOW_MILLIS: {{ include "roomcast.scalar" $v.drain.windowMillis | quote }}
  ROOMCAST_CONNECTOR_NATIVE_TRANSPORT: {{ $v.nativeTransport | toString | quote }}
  QUARKUS_SHUTDOWN_TIMEOUT: {{ printf "%vS" (include "roomcast.connectorShutdownSeconds" $root) | quote }}
  {{- /* Given to clients in JoinOk: they fetch recent history there, so it must be reachable by them. */}}
  {{- with $v.delivery }}
  ROOMCAST_CONNECTOR_DELIVERY_SWITCH_WINDOW_MILLIS: {{ include "roomcast.scalar" .switchWindowMillis | quote }}
  ROOMCAST_CONNECTOR_DELIVERY_PRESSURE_ENABLED: {{ .pressure.enabled | toString | quote }}
  ROOMCAST_CONNECTOR_DELIVERY_PRESSURE_CONNECTIONS_CAPACITY: {{ include "roomcast.scalar" .pressure.connectionsCapacity | quote }}
  ROOMCAST_CONNECTOR_DELIVERY_PRESSURE_OUTBOUND_BYTES_PER_SECOND_CAPACITY: {{ include "roomcast.scalar" .pressure.outboundBytesPerSecondCapacity | quote }}
  ROOMCAST_CONNECTOR_DELIVERY_PRESSURE_HIGH_WATERMARK: {{ include "roomcast.scalar" .pressure.highWatermark | quote }}
  ROOMCAST_CONNECTOR_DELIVERY_PRESSURE_LOW_WATERMARK: {{ include "roomcast.scalar" .pressure.lowWatermark | quote }}
  ROOMCAST_CONNECTOR_DELIVERY_PRESSURE_MIN_DWELL_MILLIS: {{ include "roomcast.scalar" .pressure.minDwellMillis | quote }}
  {{- end }}
  ROOMCAST_CONNECTOR_HISTORY_URL: {{ default (printf "http://%s.%s.svc:%s" (include "roomcast.componentName" (dict "root" $root "name" "mailbox-service")) $root.Release.Namespace (include "roomcast.scalar" $root.Values.mailboxService.ports.http)) $v.historyUrl | quote }}
  {{- end }}
  {{- if and (eq .name "room-service") $v.delivery }}
  ROOMCAST_ROOM_DELIVERY_SWITCH_WINDOW_MILLIS: {{ include "roomcast.scalar" $v.delivery.switchWindowMillis | quote }}
  {{- end }}
  {{- if and (eq .name "mailbox-service") $v.poll }}
  ROOMCAST_MAILBOX_POLL_LOAD_REQUESTS_PER_SECOND: {{ include "roomcast.scalar" $v.poll.loadRequestsPerSecond | quote }}
  ROOMCAST_MAILBOX_POLL_LOAD_MAX_FACTOR: {{ include "roomcast.scalar" $v.poll.loadMaxFactor | quote }}
  {{- end }}
  {{- if $c.redis }}
  {{- $redis := $root.Values.redis }}
  QUARKUS_REDIS_HOSTS: {{ join "," $redis.hosts | quote }}
  QUARKUS_REDIS_CLIENT_TYPE: {{ $redis.mode | quote }}
  {{- $first := urlParse (first $redis.hosts) }}
  {{- $hostPort := splitList ":" $first.host }}
  {{- /* Read by application.properties defaults; QUARKUS_REDIS_HOSTS above is what the client uses. */}}
  ROOMCAST_REDIS_HOST: {{ first $hostPort | quote }}
  ROOMCAST_REDIS_PORT: {{ (gt (len $hostPort) 1) | ternary (last $hostPort) "6379" | quote }}
  {{- end }}
  {{- if $c.postgresql }}
  {{- $pg := $root.Values.postgresql }}
  QUARKUS_DATASOURCE_REACTIVE_URL: {{ printf "postgresql:%s" (include "roomcast.postgresqlAddress" $root) | quote }}
  QUARKUS_DATASOURCE_JDBC_URL: {{ printf "jdbc:postgresql:%s" (include "roomcast.postgresqlAddress" $root) | quote }}
  ROOMCAST_PG_HOST: {{ $pg.host | quote }}
  ROOMCAST_PG_PORT: {{ include "roomcast.scalar" $pg.port | quote }}
  ROOMCAST_PG_DATABASE: {{ $pg.database | quote }}
  {{- end }}
  {{- if eq (include "roomcast.imageVariant" .) "jvm" }}
  {{- /* Replaces the image's JAVA_OPTS_APPEND, so its two settings are repeated first. */}}
  {{- /* A service's own jvm.javaOptsAppend (e.g. the connector's heap for its connection count) replaces the global one. */}}
  {{- $javaOpts := (and $v.jvm $v.jvm.javaOptsAppend) | default $root.Values.jvm.javaOptsAppend }}
  JAVA_OPTS_APPEND: {{ printf "-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager %s" $javaOpts | trim | quote }}
  {{- end }}
  {{- range $property, $value := $v.config }}
  {{ include "roomcast.envName" $property }}: {{ include "roomcast.scalar" $value | quote }}
  {{- end }}
{{- end -}}
