"""Parses SQL statements with sqlglot, each in its dialect.

Reads a JSON list of {"dialect": ..., "sql": ...} on stdin and writes a JSON
list of {"ok": bool, "error": str, "kinds": [...]} in the same order: ok when
the statement parses whole, with no error raised and no part left unread.
"""
import json
import sys

import sqlglot
from sqlglot import ErrorLevel

out = []
for item in json.load(sys.stdin):
    try:
        trees = sqlglot.parse(item["sql"], read=item["dialect"], error_level=ErrorLevel.RAISE)
        trees = [t for t in trees if t is not None]
        if len(trees) != 1:
            out.append({"ok": False, "error": f"{len(trees)} statements where one was expected", "kinds": []})
        else:
            out.append({"ok": True, "error": "", "kinds": [type(trees[0]).__name__]})
    except Exception as error:  # every parser failure is reported, whatever its class
        out.append({"ok": False, "error": str(error)[:600], "kinds": []})
json.dump(out, sys.stdout)
