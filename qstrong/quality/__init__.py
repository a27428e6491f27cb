"""Quality: graded closed-loop problems, key projects, quality-loss ledger and programmes."""
