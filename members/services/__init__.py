"""Every write to members, people and accounts goes through a function of this package."""
