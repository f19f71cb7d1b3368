"""The roadmap engine: reads `roadmap.md`, runs the examples' tests, writes the marks back.

    python -m shared.roadmap run 1        # run level 1's examples, tick its rows
    python -m shared.roadmap skill 1.3    # run one example, tick its row
    python -m shared.roadmap status       # print progress, run nothing
    python -m shared.roadmap check        # run everything afresh; fail if roadmap.md disagrees

Modules: `document` parses and renders the Markdown, `examples` maps `skill.toml` folders to rows,
`runner` runs each example's tests in its own pytest process, `cli` ties them together.
Standard library only, so `noxfile.py` can import it before any venv exists.
"""
