"""RightHelp: the right help at the right time."""
