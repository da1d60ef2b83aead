"""For curriculum authors: new modules and assignments, reading level, and the quality gates."""
