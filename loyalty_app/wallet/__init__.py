"""Google Wallet and Apple Wallet passes: configuration, payloads, signing and the two protocols."""
