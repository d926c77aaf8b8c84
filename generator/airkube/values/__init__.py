"""Checked settings -> the chart's values (chart/values.yaml key names)."""
