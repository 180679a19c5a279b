"""trainer — a terminal-first trainer for credit-card collection calls (催收话术陪练).

The public, UI-free API lives in the modules themselves; this package file
stays light so ``trainer --help`` starts fast.
"""

__version__ = "0.1.0"
