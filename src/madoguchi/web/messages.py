"""The message catalog, for pages and templates: it lives in madoguchi.core.messages."""

from madoguchi.core.messages import both, message, message_files, messages

__all__ = ["both", "message", "message_files", "messages"]
