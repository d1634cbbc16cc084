#!/usr/bin/env bash
# QEMU's series is handled like the kernel's: see kernel/make-tree.sh.
# Usage: make-tree.sh TREE (QEMU_SRC=/path/to/qemu.git replaces TREE)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SERIES_CONF=$here/base.conf exec "$(dirname "$here")/kernel/make-tree.sh" "$@"
