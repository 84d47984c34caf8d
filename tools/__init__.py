"""Developer tools (screenshots, translation build): run from a checkout, never shipped."""
