"""What authors and instructors share: the catalog, the course's folders and settings, nbgrader itself."""
