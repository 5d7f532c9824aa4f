{{/*
The in-cluster Service of one component: HTTP, REST and gRPC share one port (HTTP/2), ClusterIP.
*/}}
{{- define "roomcast.service" -}}
{{- $v := index .root.Values (include "roomcast.valuesKey" .) -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "roomcast.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "roomcast.componentLabels" . | nindent 4 }}
    # The one Service per component a ServiceMonitor scrapes (the headless one would double it).
    roomcast.dev/metrics: "true"
spec:
  type: ClusterIP
  selector:
    {{- include "roomcast.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ include "roomcast.scalar" $v.ports.http }}
      targetPort: http
      protocol: TCP
{{- end -}}
