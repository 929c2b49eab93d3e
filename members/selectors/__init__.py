"""Read-only queries about members, people and accounts, scoped to who asks."""
