"""Insights: indicators, computed figures, dashboards, the chain graph and maps."""
