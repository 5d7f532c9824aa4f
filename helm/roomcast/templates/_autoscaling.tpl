{{/* HorizontalPodAutoscaler of one component (connector, room-service), when enabled. */}}
{{- define "roomcast.hpa" -}}
{{- $v := index .root.Values (include "roomcast.valuesKey" .) -}}
{{- $a := $v.autoscaling -}}
{{- if $a.enabled -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "roomcast.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "roomcast.componentLabels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "roomcast.componentName" . }}
  minReplicas: {{ include "roomcast.scalar" $a.minReplicas }}
  maxReplicas: {{ include "roomcast.scalar" $a.maxReplicas }}
  metrics:
    {{- with $a.targetCPUUtilizationPercentage }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ include "roomcast.scalar" . }}
    {{- end }}
    {{- with $a.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ include "roomcast.scalar" . }}
    {{- end }}
    {{- with $a.extraMetrics }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- if eq .name "connector" }}
  behavior:
    # Scaling a connector in moves its clients (drain + reconnect): go down slowly, one pod at a time.
    scaleDown:
      stabilizationWindowSeconds: 600
      policies:
        - type: Pods
          value: 1
          periodSeconds: 120
  {{- end }}
{{- end -}}
{{- end -}}

{{/* PodDisruptionBudget of one component, when enabled. */}}
{{- define "roomcast.pdb" -}}
{{- $v := index .root.Values (include "roomcast.valuesKey" .) -}}
{{- if $v.pdb.enabled -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "roomcast.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "roomcast.componentLabels" . | nindent 4 }}
spec:
  {{- if hasKey $v.pdb "minAvailable" }}
  minAvailable: {{ include "roomcast.scalar" $v.pdb.minAvailable }}
  {{- else }}
  maxUnavailable: {{ include "roomcast.scalar" $v.pdb.maxUnavailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "roomcast.selectorLabels" . | nindent 6 }}
{{- end -}}
{{- end -}}
