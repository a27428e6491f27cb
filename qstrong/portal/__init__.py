"""Portal: the enterprise's own pages (pushes, claims) and the public policy calculator."""
