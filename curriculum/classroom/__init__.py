"""For instructors: release, collect, grade in a sandbox, feedback, records, reports and the classroom."""
