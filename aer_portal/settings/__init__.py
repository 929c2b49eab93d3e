"""Settings are split by where the portal runs: base, local, test and production."""
