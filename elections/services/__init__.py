"""Every write of the elections app goes through a function here, one module per step."""
