"""What the benches share: the CPU they ran on, and rewriting their own section of
docs/benchmarks.md while keeping the rest of the file byte for byte."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def write_section(heading: str, section: str, path: Path = DOC) -> None:
    """Replace the section that starts with the line `heading` (up to the next `## ` heading)
    or append it. The file is read right before writing."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == heading), None)
    block = section.rstrip("\n") + "\n"
    if start is None:
        new = text.rstrip("\n") + "\n\n" + block
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        after = "".join(lines[end:])
        new = "".join(lines[:start]) + block + ("\n" + after if after else "")
    path.write_text(new, encoding="utf-8")
