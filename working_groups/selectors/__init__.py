"""Read-only queries about working-group proposals and working groups, one module per area."""
