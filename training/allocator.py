"""Memory that a batch job frees, kept for its next allocation.

glibc returns a freed block of 128 kB or more to the kernel at once (``mmap``), and trims
the heap's free top: a job that allocates and frees the same large arrays again and again
(a 500 x 500 photo drawn per listing, a CNN's activations per batch) then pays the kernel
to zero fresh pages each time. Measured once here, the step alone on one thread:
`vitrine train rakuten --quick` spent 54 s of its 199 s of CPU in the kernel, 36 s with
these thresholds alone, 4 s with them and TorchNative's bounded batches. PyTorch's CPU
tuning guide gives the same cause (and swaps the allocator); a threshold is the part that
needs nothing installed.

Only for batch processes (data, training, export): a server that keeps freed memory holds
its peak for good.
"""

from __future__ import annotations

import ctypes
import sys

# mallopt(3) parameters (malloc.h)
M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 << 20  # glibc's ceiling for it on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX)
TRIM_THRESHOLD = 256 << 20
TOP_PAD = 64 << 20
PIL_BLOCKS = 8  # Pillow's own allocator: blocks kept for the next image (default: none)


def keep_freed_memory() -> bool:
    """Raise glibc's thresholds (and Pillow's block cache, where Pillow is installed);
    False, and nothing changed, where the C library has no ``mallopt`` (macOS, musl's
    returns 0)."""
    try:
        from PIL import Image

        Image.core.set_blocks_max(PIL_BLOCKS)
    except (ImportError, AttributeError, ValueError):
        pass
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return all(mallopt(param, value) == 1 for param, value in (
        (M_MMAP_THRESHOLD, MMAP_THRESHOLD), (M_TRIM_THRESHOLD, TRIM_THRESHOLD),
        (M_TOP_PAD, TOP_PAD)))
