#!/usr/bin/env bash
# The step multi-gitter runs in each repository it clones (https://github.com/lindell/multi-gitter):
#
#   multi-gitter run ./examples/batch/multi-gitter-step.sh \
#     --org my-org --branch pycodemod/mutable-defaults \
#     --commit-message "Fix mutable default arguments (pycodemod)" \
#     --pr-title "Fix mutable default arguments" \
#     --pr-body "Rewritten by pycodemod --select mutable-defaults; see the commit for the summary."
#
# multi-gitter commits whatever the step changed and opens a pull request; a repository where nothing
# changed gets none. The step fails (and multi-gitter skips the repository) on a usage or configuration
# error; files that fail to parse are left untouched and listed on stderr (multi-gitter's log), the rest
# is kept. PYCODEMOD_FLAGS chooses the upgrade (default: --select mutable-defaults).
#
# multi-gitter runs the step on this machine: install pycodemod once, from where your team gets it
# (`npm install --global github:ORG/pycodemod#v0.1.0`, a tarball, ...), or name the command in PYCODEMOD
# (e.g. PYCODEMOD="npx --yes --package github:ORG/pycodemod#v0.1.0 pycodemod").
set -uo pipefail
read -r -a pycodemod <<< "${PYCODEMOD:-pycodemod}"
if ! command -v "${pycodemod[0]}" >/dev/null 2>&1; then
  echo "multi-gitter-step: ${pycodemod[0]} is not on the PATH: install pycodemod (npm install --global ...) or set PYCODEMOD" >&2
  exit 127
fi
read -r -a flags <<< "${PYCODEMOD_FLAGS:---select mutable-defaults}"
"${pycodemod[@]}" --write --no-cache "${flags[@]}" .
code=$?
# 1: some files failed and were left untouched; the others are rewritten: keep them.
[ "$code" -le 1 ] || exit "$code"
exit 0
