"""Policies: the policy library, eligibility rules, matching runs, pushes and coverage."""
