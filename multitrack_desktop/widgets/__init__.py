"""The window and its docks and dialogs."""
