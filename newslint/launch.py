"""The console script and ``python -m newslint``: start-up without the collector's sweeps.

Start-up imports some 70 modules: tens of thousands of objects that live until
exit. While they are made, the cyclic collector traverses them again and again
and frees nothing, and interpreter shutdown traverses them all once more. Both
together cost a sixth of a one-story check. So the command line is imported with
the collector paused, what exists then is frozen (``gc.freeze``: collections
skip it from then on) and the collector runs again for the work itself; at exit,
everything is frozen before shutdown sweeps. Objects are still freed by their
reference counts; only cycles made at start-up or found at exit are left to the
process's end, which reclaims them anyway.
"""

from __future__ import annotations

import atexit
import gc


def main() -> None:
    enabled = gc.isenabled()
    gc.disable()
    try:
        from newslint.cli import main as command
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
    atexit.register(gc.freeze)
    command()
