"""Give every notebook in nbs/ the project's kernel spec and drop editor-only metadata.

papermill needs a kernel spec to know the language; JupyterLab then opens the notebooks with the
project's `claws` kernel. Run by `make tidy` (followed by `nbdev-clean`)."""
import json
import sys
from pathlib import Path

KERNELSPEC = {"display_name": "claws", "language": "python", "name": "claws"}


def tidy(path: Path) -> bool:
    "Set the kernel spec and drop jupytext metadata; True if the file changed."
    nb = json.loads(path.read_text(encoding="utf-8"))
    meta = {k: v for k, v in nb.get("metadata", {}).items() if k != "jupytext"}
    meta["kernelspec"] = KERNELSPEC
    if meta == nb.get("metadata"): return False
    nb["metadata"] = meta
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return True


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]] or [Path(__file__).resolve().parents[1] / "nbs"]
    files = [f for a in args for f in ([a] if a.is_file() else sorted(a.rglob("*.ipynb")))]
    changed = [p for p in files if ".ipynb_checkpoints" not in p.parts and tidy(p)]
    for p in changed: print(f"tidied {p}")
