"""The work-capacity monitor: ratings become capacity profiles."""
