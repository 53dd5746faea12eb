#!/usr/bin/env bash
# The import numbers of issue 3 (the script it names): see bench/import/run.sh.
exec "$(dirname "$0")/import/run.sh" "$@"
