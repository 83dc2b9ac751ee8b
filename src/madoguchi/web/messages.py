"""The message catalog moved to the kernel (madoguchi.core.messages); the
names stay importable from here for the apps that use them."""

from madoguchi.core.messages import PACKAGE_ROOT, both, both_text, english_beside, message, message_files, messages, pair

__all__ = ["PACKAGE_ROOT", "both", "both_text", "english_beside", "message", "message_files", "messages", "pair"]
