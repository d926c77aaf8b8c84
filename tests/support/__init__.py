"""Shared test support: rendering the chart once per session, finding objects."""
