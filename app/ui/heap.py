"""Keep Python's cycle collector off the modules the server has loaded.

Streamlit's full collection after every run is off (`runner.postScriptGC = false` in .streamlit/config.toml:
it was two thirds of the server's CPU per page). Python's own collector still runs; a full pass over the
~240,000 objects of the loaded modules costs about 0.1 s and lands on some learner's request. After a run
that imported new modules (a page opened for the first time), those objects are collected once and then
frozen (gc.freeze): later passes look only at what the requests themselves create.
"""
from __future__ import annotations

import gc
import sys
import threading

_lock = threading.Lock()
_modules_seen = 0


def freeze_loaded_modules() -> None:
    """Call at the end of a run: cheap (one comparison) unless this run imported something new."""
    global _modules_seen
    if len(sys.modules) == _modules_seen:
        return
    with _lock:
        if len(sys.modules) != _modules_seen:
            gc.collect()
            gc.freeze()
            _modules_seen = len(sys.modules)
