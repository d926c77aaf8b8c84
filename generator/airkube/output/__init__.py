"""Generated files: YAML text (emit), the chart's render of the pod templates, atomic writes (write)."""
