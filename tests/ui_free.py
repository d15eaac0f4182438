"""A script prefix for subprocess tests: any import of streamlit or plotly fails and is recorded.

Prepend :data:`BLOCK_UI` to a script; it leaves ``attempted`` (names tried) in scope.
"""

import textwrap

BLOCK_UI = textwrap.dedent("""
    import sys

    attempted = []

    class Block:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("streamlit", "plotly"):
                attempted.append(name)
                raise ImportError(f"blocked {name}")
            return None

    sys.meta_path.insert(0, Block())
""")
