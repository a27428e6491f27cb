"""Register pages, panels, routing and files."""
