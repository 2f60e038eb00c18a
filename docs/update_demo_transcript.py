"""Run the outage-recovery demo and write its output into README.md.

The transcript in README.md sits between the two marker lines below. This
script runs ``examples/outage-recovery/run.sh`` from the repository root,
with the directory of the running Python's scripts first on PATH, and
replaces what is between the markers with the demo's standard output. It
changes nothing when the demo fails.

    .venv/bin/python docs/update_demo_transcript.py
"""

import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
README = REPOSITORY / "README.md"
RUN_SCRIPT = REPOSITORY / "examples" / "outage-recovery" / "run.sh"

START_MARKER = "<!-- demo transcript: start -->"
END_MARKER = "<!-- demo transcript: end -->"


def run_demo():
    """Run the demo and return its standard output, or exit with a message when it fails."""
    environment = dict(os.environ)
    environment["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), environment.get("PATH", "")])

    completed = subprocess.run(
        ["bash", str(RUN_SCRIPT)],
        cwd=REPOSITORY,
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        sys.exit(f"The demo failed with exit status {completed.returncode}; README.md is unchanged.")

    return completed.stdout


def replace_transcript(readme_text, transcript):
    """Return ``readme_text`` with the block between the markers set to ``transcript`` in a code fence.

    :raises ValueError: a marker is missing, or the end marker comes first.
    """
    start = readme_text.find(START_MARKER)
    end = readme_text.find(END_MARKER)
    if start < 0 or end < start:
        raise ValueError(f"README.md needs the lines {START_MARKER!r} and then {END_MARKER!r}.")

    block = f"{START_MARKER}\n```console\n$ examples/outage-recovery/run.sh\n{transcript.strip(chr(10))}\n```\n"
    return readme_text[:start] + block + readme_text[end:]


def main():
    transcript = run_demo()
    README.write_text(replace_transcript(README.read_text(encoding="utf-8"), transcript), encoding="utf-8")
    print(f"Wrote {len(transcript.splitlines())} lines of demo transcript into {README}.")


if __name__ == "__main__":
    main()
