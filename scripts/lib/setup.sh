# Shared set-up for scripts/run-app and scripts/run-tests (sourced, not run).
# Installs the missing Debian packages, finds Python 3.11+, and keeps .venv in the project root installed.
# Environment: PYTHON=/path/to/python3.x picks the interpreter for a new .venv;
#              MULTITRACK_SKIP_APT=1 skips the Debian package check.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.venv"

say() { printf '%s\n' "$*" >&2; }

# Read package names from the given list files (one a line, '#' comments) and install the missing ones.
ensure_debian_packages() {
    [ "${MULTITRACK_SKIP_APT:-0}" = 1 ] && return 0
    if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
        say "Not a Debian-like system: install the equivalents of $* yourself."
        return 0
    fi
    local missing=() pkg
    for pkg in $(sed -e 's/#.*//' "$@"); do
        if [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" != installed ]; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0

    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        if ! command -v sudo >/dev/null; then
            say "Missing Debian packages (not root, no sudo; continuing without them):"
            say "  apt-get install ${missing[*]}"
            return 0
        fi
        sudo=(sudo)
        [ -t 0 ] || sudo=(sudo -n)
    fi
    say "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! { "${sudo[@]}" apt-get update -qq &&
           "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
        say "Could not install: ${missing[*]}. Install them by hand, or set MULTITRACK_SKIP_APT=1 to go on without."
        exit 1
    fi
}

# Print the path of a usable Python >= 3.11 that can create venvs, or fail.
find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3.11 python3 python3.12 python3.13 /usr/bin/python3 \
                     "$HOME"/.pyenv/versions/3.1[1-9]*/bin/python3; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ] || continue
        if "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            "$candidate" -c 'import sys; print(sys.executable)'
            return 0
        fi
    done
    say "No Python 3.11 or newer with venv support found (Debian: apt-get install python3-venv; or set PYTHON=...)."
    exit 1
}

# Create .venv if needed and `pip install -e ".[EXTRAS]"` whenever the project's metadata changed.
# A stamp per target keeps re-runs offline and fast; the test install also satisfies the app.
ensure_venv() {
    local extras="${1:-}" target="." stamp
    [ -n "$extras" ] && target=".[$extras]"
    if ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        local python
        python="$(find_python)"
        say "Creating .venv with $python ($("$python" --version 2>&1))"
        rm -rf "$VENV"
        "$python" -m venv "$VENV"
    fi
    stamp="$(cat "$ROOT/pyproject.toml" "$ROOT/setup.py" | sha256sum | cut -c1-16) $("$VENV/bin/python" -V 2>&1)"
    if [ "$(cat "$VENV/.installed-${extras:-app}" 2>/dev/null)" != "$stamp" ]; then
        say "Installing Python packages into .venv ($target); the first run takes a minute."
        export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
        if ! (cd "$ROOT" &&
              "$VENV/bin/python" -m pip install -q --upgrade pip &&
              "$VENV/bin/python" -m pip install -q -e "$target") >"$VENV/pip.log" 2>&1; then
            tail -n 40 "$VENV/pip.log" >&2
            say "pip install failed (full output: .venv/pip.log)."
            exit 1
        fi
        printf '%s\n' "$stamp" >"$VENV/.installed-${extras:-app}"
        printf '%s\n' "$stamp" >"$VENV/.installed-app"
    fi
}
