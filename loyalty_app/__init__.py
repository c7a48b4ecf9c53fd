"""Self-hosted loyalty platform: stamp cards and points programs."""
