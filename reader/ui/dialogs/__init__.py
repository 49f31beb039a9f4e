"""Modal dialogs: the note editor, prompts and confirmations."""
