"""Components shared by every page."""
