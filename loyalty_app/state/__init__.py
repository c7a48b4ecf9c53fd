"""States shared by every page: language, signed-in user, store feeds."""
