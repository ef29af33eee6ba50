#!/usr/bin/env bash
# One pycodemod upgrade over several local git repositories: in each, a new branch and one commit whose
# body is pycodemod's Markdown summary (--format markdown), ready to push and open as a pull request.
#
#   upgrade-repos.sh -b BRANCH -m SUBJECT [--push REMOTE] REPO... [-- PYCODEMOD-FLAGS...]
#
#   upgrade-repos.sh -b pycodemod/mutable-defaults -m "Fix mutable default arguments" \
#       ~/src/billing ~/src/search ~/src/auth -- --select mutable-defaults
#
# Each repository must have a clean work tree (it is skipped otherwise). The branch starts at the
# repository's current commit; the repository is switched back to where it was afterwards, so only the new
# branch (and, with --push, its copy on REMOTE) shows the change. A repository with nothing to change gets
# no branch. Flags after `--` go to pycodemod (--select, -t codemods/mine.ts, --config ...): the run is
# always `pycodemod --write --format markdown --no-cache` in the repository's top folder.
# PYCODEMOD names the command to run (default: pycodemod; e.g. "npx pycodemod").
#
# Exit status: 0 when every repository was upgraded or had nothing to change; 1 when one was skipped or
# failed (the others are still done); 2 for a usage error.
set -uo pipefail

usage() {
  sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

branch='' subject='' remote='' repos=() flags=()
while [ $# -gt 0 ]; do
  case "$1" in
    -b | --branch) branch=${2-}; shift 2 || usage ;;
    -m | --message) subject=${2-}; shift 2 || usage ;;
    --push) remote=${2-}; shift 2 || usage ;;
    -h | --help) usage ;;
    --) shift; flags=("$@"); break ;;
    -*) echo "upgrade-repos: unknown option $1" >&2; usage ;;
    *) repos+=("$1"); shift ;;
  esac
done
[ -n "$branch" ] && [ -n "$subject" ] && [ ${#repos[@]} -gt 0 ] || usage
read -r -a pycodemod <<< "${PYCODEMOD:-pycodemod}"

status=0
results=()
report() { # repository, outcome
  results+=("$(printf '%-40s %s' "$1" "$2")")
}

upgrade() {
  local repo=$1 top start body summary code back
  if ! top=$(git -C "$repo" rev-parse --show-toplevel 2>/dev/null); then
    report "$repo" "skipped: not a git repository"; return 1
  fi
  if [ -n "$(git -C "$top" status --porcelain --untracked-files=normal)" ]; then
    report "$repo" "skipped: uncommitted changes in the work tree"; return 1
  fi
  if git -C "$top" rev-parse --verify --quiet "refs/heads/$branch" >/dev/null; then
    report "$repo" "skipped: branch $branch exists already"; return 1
  fi
  # Where to come back to: the branch checked out, or the commit (a detached HEAD stays detached).
  if start=$(git -C "$top" symbolic-ref --quiet --short HEAD); then back=(switch --quiet "$start"); else back=(switch --quiet --detach "$(git -C "$top" rev-parse HEAD)"); fi
  git -C "$top" switch --quiet -c "$branch" || { report "$repo" "failed: cannot create branch $branch"; return 1; }

  body=$(mktemp) summary=$(mktemp)
  (cd "$top" && "${pycodemod[@]}" --write --format markdown --no-cache "${flags[@]}" >"$body" 2>"$summary")
  code=$?
  if [ "$code" -ge 2 ]; then
    # A usage or configuration error: nothing was written. Undo the branch.
    git -C "$top" "${back[@]}" && git -C "$top" branch --quiet -D "$branch"
    report "$repo" "failed: pycodemod exit $code: $(grep -m1 'error' "$summary" || tail -n1 "$summary")"
    rm -f "$body" "$summary"; return 1
  fi
  # Only files git already tracks can have changed (pycodemod never creates one).
  git -C "$top" add --update
  if git -C "$top" diff --cached --quiet; then
    git -C "$top" "${back[@]}" && git -C "$top" branch --quiet -D "$branch"
    if [ "$code" -eq 1 ]; then report "$repo" "failed: nothing changed, files failed: $(head -n1 "$summary")"; rm -f "$body" "$summary"; return 1; fi
    report "$repo" "nothing to change"
    rm -f "$body" "$summary"; return 0
  fi
  # verbatim: the Markdown's `## ...` lines are not comments to strip, its spacing is kept.
  { printf '%s\n\n' "$subject"; cat "$body"; } | git -C "$top" commit --quiet --no-verify --cleanup=verbatim --file=-
  local commit files
  commit=$(git -C "$top" rev-parse --short HEAD)
  files=$(git -C "$top" diff --name-only HEAD~1 HEAD | grep -c '')
  git -C "$top" "${back[@]}"
  local outcome="committed $commit on $branch ($files file(s))"
  # Files that failed (exit 1) are listed in the commit body; the commit holds the others.
  [ "$code" -eq 1 ] && outcome="$outcome; some files failed, see the commit body"
  if [ -n "$remote" ]; then
    if git -C "$top" push --quiet -u "$remote" "$branch" 2>>"$summary"; then
      outcome="$outcome; pushed to $remote"
    else
      report "$repo" "$outcome; push to $remote FAILED"; rm -f "$body" "$summary"; return 1
    fi
  fi
  report "$repo" "$outcome"
  rm -f "$body" "$summary"
  [ "$code" -eq 0 ]
}

for repo in "${repos[@]}"; do
  upgrade "$repo" || status=1
done
printf '%s\n' "${results[@]}"
exit "$status"
