"""`airkube import`: a values file written for the official Apache Airflow chart -> settings.

  reader.py   read the file (plain values, Flux HelmRelease, Argo CD Application), list its key paths
  mapping.py  the table: official key -> setting, dropped (with the reason) or needs attention
  rows.py     the kinds of row, their converters and the context they are judged in
  convert.py  apply the table, check the settings, turn refused keys into "needs attention"
  report.py   the report, text or JSON
"""
