"""Casework: outreach activities, needs, tasks and responsibility."""
