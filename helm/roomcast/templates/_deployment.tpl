{{/*
The Deployment of one component: (dict "root" $ "name" "<component>"). The four services share one
shape (Quarkus health probes, one ConfigMap through envFrom, credentials from Secrets, non-root,
spread over nodes); the connector adds its client ports and the drain on stop.
*/}}
{{- define "roomcast.deployment" -}}
{{- $root := .root -}}
{{- $c := include "roomcast.component" . | fromYaml -}}
{{- $v := index $root.Values $c.valuesKey -}}
{{- $isConnector := eq .name "connector" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "roomcast.componentName" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "roomcast.componentLabels" . | nindent 4 }}
spec:
  {{- if not (and $v.autoscaling $v.autoscaling.enabled) }}
  replicas: {{ include "roomcast.scalar" $v.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "roomcast.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # Start the new pod before stopping an old one: capacity never dips during a release.
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "roomcast.selectorLabels" . | nindent 8 }}
        {{- with $v.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include "roomcast.configmap" . | sha256sum }}
        {{- if include "roomcast.createsSecret" $root }}
        checksum/secret: {{ include "roomcast.secret" $root | sha256sum }}
        {{- end }}
        {{- if $root.Values.metrics.podAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ include "roomcast.scalar" $v.ports.http | quote }}
        prometheus.io/path: /q/metrics
        {{- end }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "roomcast.serviceAccountName" $root }}
      automountServiceAccountToken: false
      {{- with $root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      {{- if $isConnector }}
      terminationGracePeriodSeconds: {{ include "roomcast.connectorGracePeriodSeconds" $root }}
      {{- else }}
      terminationGracePeriodSeconds: {{ include "roomcast.scalar" $v.terminationGracePeriodSeconds }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      {{- include "roomcast.affinity" . | nindent 6 }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .name }}
          image: {{ include "roomcast.image" . | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            {{- range $portName, $port := $v.ports }}
            - name: {{ $portName }}
              containerPort: {{ include "roomcast.scalar" $port }}
              protocol: TCP
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "roomcast.componentName" . }}
          env:
            {{- include "roomcast.env" . | nindent 12 }}
          {{- include "roomcast.probes" . | nindent 10 }}
          {{- if and $isConnector (gt (int $v.drain.preStopSleepSeconds) 0) }}
          lifecycle:
            # Stay up while the load balancer and endpoints forget this pod, so that clients told to
            # reconnect do not land here again; then SIGTERM starts the connector's drain window.
            preStop:
              sleep:
                seconds: {{ include "roomcast.scalar" $v.drain.preStopSleepSeconds }}
          {{- end }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            # Writable /tmp under a read-only root file system (Vert.x cache, JVM temp files).
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
{{- end -}}

{{/* Env entries that are not in the ConfigMap: pod identity from the downward API and credentials. */}}
{{- define "roomcast.env" -}}
{{- $root := .root -}}
{{- $c := include "roomcast.component" . | fromYaml -}}
{{- $v := index $root.Values $c.valuesKey -}}
- name: ROOMCAST_{{ $c.envPrefix }}_INSTANCE_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- if $c.advertisesPodIp }}
# The address this instance registers for others to dial: the pod IP, stable for the pod's life.
- name: ROOMCAST_{{ $c.envPrefix }}_ADVERTISED_HOST
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
{{- end }}
{{- if eq .name "room-service" }}
# Peers forward a room's publishes to its owner at this address.
- name: ROOMCAST_ROOM_ADVERTISED_GRPC_ADDRESS
  value: "$(ROOMCAST_ROOM_ADVERTISED_HOST):{{ include "roomcast.scalar" $v.ports.http }}"
{{- end }}
- name: ROOMCAST_{{ $c.envPrefix }}_TOKEN_SECRETS
  valueFrom:
    secretKeyRef:
      name: {{ include "roomcast.tokenSecretName" $root }}
      key: {{ $root.Values.auth.tokenSecretsKey }}
- name: ROOMCAST_{{ $c.envPrefix }}_SERVICE_TOKEN_SECRETS
  valueFrom:
    secretKeyRef:
      name: {{ include "roomcast.tokenSecretName" $root }}
      key: {{ $root.Values.auth.serviceTokenSecretsKey }}
{{- if and $c.redis $root.Values.redis.auth.enabled }}
- name: QUARKUS_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "roomcast.redisSecretName" $root }}
      key: {{ $root.Values.redis.auth.passwordKey }}
{{- end }}
{{- if $c.postgresql }}
{{- $pg := $root.Values.postgresql.auth }}
{{- /* QUARKUS_* win over application.properties whatever it says; ROOMCAST_PG_* are what it reads today. */}}
{{- range $env := list "QUARKUS_DATASOURCE_USERNAME" "ROOMCAST_PG_USER" }}
- name: {{ $env }}
  valueFrom:
    secretKeyRef:
      name: {{ include "roomcast.postgresqlSecretName" $root }}
      key: {{ $pg.usernameKey }}
{{- end }}
{{- range $env := list "QUARKUS_DATASOURCE_PASSWORD" "ROOMCAST_PG_PASSWORD" }}
- name: {{ $env }}
  valueFrom:
    secretKeyRef:
      name: {{ include "roomcast.postgresqlSecretName" $root }}
      key: {{ $pg.passwordKey }}
{{- end }}
{{- end }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Quarkus SmallRye Health: startup and liveness on /q/health/live (the process is up), readiness on
/q/health/ready (down while Redis/PostgreSQL are unreachable or a connector drains).
*/}}
{{- define "roomcast.probes" -}}
{{- $p := .root.Values.probes -}}
startupProbe:
  httpGet: {path: /q/health/live, port: http}
  {{- toYaml $p.startup | nindent 2 }}
livenessProbe:
  httpGet: {path: /q/health/live, port: http}
  {{- toYaml $p.liveness | nindent 2 }}
readinessProbe:
  httpGet: {path: /q/health/ready, port: http}
  {{- toYaml $p.readiness | nindent 2 }}
{{- end -}}

{{/* Replicas of one component spread over nodes: soft (preferred), hard (required) or none. */}}
{{- define "roomcast.affinity" -}}
{{- $v := index .root.Values (include "roomcast.valuesKey" .) -}}
{{- if ne $v.podAntiAffinity "none" -}}
affinity:
  podAntiAffinity:
    {{- if eq $v.podAntiAffinity "hard" }}
    requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "roomcast.selectorLabels" . | nindent 12 }}
    {{- else }}
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "roomcast.selectorLabels" . | nindent 14 }}
    {{- end }}
{{- end -}}
{{- end -}}
