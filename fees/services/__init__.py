"""Every write to fees goes through a function here, one module per area."""
