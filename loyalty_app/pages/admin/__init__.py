"""The platform admin console under /admin: one module per page, each with its small state."""
