"""Read-only queries about fees, scoped to who asks, one module per area."""
