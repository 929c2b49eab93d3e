"""Every write of the governance app goes through a function here, one module per area."""
