"""Read-only queries of the elections app, scoped to who asks, one module per area."""
