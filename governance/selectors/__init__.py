"""Read-only queries of the governance app, one module per area."""
