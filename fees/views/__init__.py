"""The fees pages, one module per area; each lists its own URLs."""
