"""The message catalog moved to the kernel (madoguchi.core.messages); the
names stay importable from here for the apps that use them."""

from madoguchi.core.messages import PACKAGE_ROOT, both, message, message_files, messages

__all__ = ["PACKAGE_ROOT", "both", "message", "message_files", "messages"]
