"""Food safety: the daily control, weekly check, monthly review, annual report routine."""
