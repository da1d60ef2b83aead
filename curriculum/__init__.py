"""Code Forward: the toolkit behind an offline, autograded coding curriculum."""
