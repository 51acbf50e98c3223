# scripts/env.sh — source it once in a new shell: `. scripts/env.sh`
# Puts uv on PATH (scripts/bootstrap.sh installs it into the user's script directory,
# ~/.local/bin, which a new shell may not have on PATH), and installs uv and the locked
# dependencies first when they are missing. Safe to source twice; sets nothing else.
_rex_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd -P)"
case ":$PATH:" in *":$HOME/.local/bin:"*) ;; *) export PATH="$HOME/.local/bin:$PATH" ;; esac
if ! command -v uv >/dev/null 2>&1 || [ ! -d "$_rex_root/.venv" ]; then
  bash "$_rex_root/scripts/bootstrap.sh" >&2
  _rex_scripts="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
  case ":$PATH:" in *":$_rex_scripts:"*) ;; *) export PATH="$_rex_scripts:$PATH" ;; esac
  unset _rex_scripts
fi
unset _rex_root
