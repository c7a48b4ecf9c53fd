"""The customer storefront: join a program, see your card (phone first, four languages)."""
