"""The rules core: the law and the city's data as plain Python.

Nothing in this package imports Django; a test enforces it. Every web page,
API endpoint, CLI command and batch asks these modules, so that the guide, the
counter and the notices never disagree.
"""
