#!/usr/bin/env python3
"""Writes od-api-fields.txt: the field names of every message reachable from the Object
Detection API's TrainEvalPipelineConfig, read from the .proto files of
tensorflow/models research/object_detection/protos/.

Usage:
  python3 tools/od_api_fields.py --source 'tensorflow/models@abcb643f' DIR [DIR ...] \
      > detect-core/src/main/resources/dev/detect/core/config/od-api-fields.txt

Each DIR holds the *.proto files of one version of object_detection/protos; the result is the
union (a field must have the same kind in every version that has it). --source (repeatable,
one per DIR) says where each DIR came from; it goes into the header.

Output, one message per line, messages and fields sorted by name:
  <full message name>: <field> <field> ...
where a field is written
  name          a scalar or enum field
  name=Type     a field whose value is the message Type (full name)
  name*, name*=Type   the same, repeated
and the token [extensions] says the message declares an extension range (the text format
accepts [extension.name] fields there). A map<K, V> field is a repeated field of the synthetic
message <Message>.<FieldInCamelCase>Entry with the fields key and value, as protoc makes it.

Only a small subset of the proto language is understood: what these files use (proto2
messages, nested messages and enums, oneof, map, reserved, extensions, options). Anything else
stops the script with an error rather than being skipped.
"""

import argparse
import os
import re
import sys

ROOT = "object_detection.protos.TrainEvalPipelineConfig"
SCALARS = {
    "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64",
    "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes",
}
TOKEN = re.compile(
    r'\s+|//[^\n]*|/\*.*?\*/|"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|[A-Za-z_.][\w.]*|'
    r'-?[\d.][\w.+-]*|[{}\[\]<>=;,()]',
    re.S,
)


def tokens(text, path):
    out, pos = [], 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            sys.exit(f"{path}: cannot read at offset {pos}: {text[pos:pos + 30]!r}")
        t = m.group(0)
        if not (t.isspace() or t.startswith("//") or t.startswith("/*")):
            out.append(t)
        pos = m.end()
    return out


class Parser:
    """Reads one file's messages into messages[full name] = {field: (type, repeated)}."""

    def __init__(self, toks, path, messages, enums, extendable):
        self.t, self.i, self.path = toks, 0, path
        self.messages, self.enums, self.extendable = messages, enums, extendable
        self.package = ""

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else None

    def next(self):
        tok = self.peek()
        if tok is None:
            sys.exit(f"{self.path}: unexpected end of file")
        self.i += 1
        return tok

    def expect(self, tok):
        got = self.next()
        if got != tok:
            sys.exit(f"{self.path}: expected {tok!r}, got {got!r} (token {self.i})")

    def skip_statement(self):
        while self.next() != ";":
            pass

    def skip_block(self):
        self.expect("{")
        depth = 1
        while depth:
            tok = self.next()
            depth += {"{": 1, "}": -1}.get(tok, 0)

    def file(self):
        while self.peek() is not None:
            tok = self.next()
            if tok == "package":
                self.package = self.next()
                self.expect(";")
            elif tok in ("syntax", "import", "option"):
                self.skip_statement()
            elif tok == "message":
                self.message(self.package)
            elif tok == "enum":
                self.enums.add(self.package + "." + self.next())
                self.skip_block()
            elif tok == ";":
                pass
            else:
                sys.exit(f"{self.path}: unsupported top-level statement {tok!r}")

    def message(self, scope):
        name = scope + "." + self.next()
        fields = self.messages.setdefault(name, {})
        self.expect("{")
        self.body(name, fields, in_oneof=False)

    def body(self, name, fields, in_oneof):
        while True:
            tok = self.next()
            if tok == "}":
                return
            if tok == ";":
                continue
            if tok == "message" and not in_oneof:
                self.message(name)
            elif tok == "enum" and not in_oneof:
                self.enums.add(name + "." + self.next())
                self.skip_block()
            elif tok == "oneof" and not in_oneof:
                self.next()
                self.expect("{")
                self.body(name, fields, in_oneof=True)
            elif tok in ("reserved", "option"):
                self.skip_statement()
            elif tok == "extensions" and not in_oneof:
                self.extendable.add(name)
                self.skip_statement()
            elif tok == "map":
                self.map_field(name, fields)
            elif tok in ("optional", "required", "repeated") and not in_oneof:
                self.field(name, fields, self.next(), tok == "repeated")
            elif in_oneof:
                self.field(name, fields, tok, False)
            else:
                sys.exit(f"{self.path}: unsupported statement {tok!r} in {name}")

    def field(self, scope, fields, type_name, repeated):
        if type_name == "group":
            sys.exit(f"{self.path}: groups are not supported ({scope})")
        name = self.next()
        self.skip_statement()  # = number [options];
        fields[name] = ((scope, type_name), repeated)

    def map_field(self, scope, fields):
        self.expect("<")
        self.next()  # the key type: a scalar
        self.expect(",")
        value_type = self.next()
        self.expect(">")
        name = self.next()
        self.skip_statement()
        entry = scope + "." + "".join(p.capitalize() for p in name.split("_")) + "Entry"
        self.messages[entry] = {"key": (None, False), "value": ((scope, value_type), False)}
        fields[name] = ((None, entry), True)


def resolve(ref, messages, enums):
    """The message a field type names, or None for scalars and enums (protobuf scoping)."""
    if ref is None:
        return None
    scope, name = ref
    if scope is None:
        return name
    if name in SCALARS:
        return None
    if name.startswith("."):
        candidates = [name[1:]]
    else:
        parts = scope.split(".")
        candidates = [".".join(parts[:k] + [name]) for k in range(len(parts), -1, -1)]
    for c in candidates:
        if c in messages:
            return c
        if c in enums:
            return None
    sys.exit(f"cannot resolve type {name!r} used in {scope}")


def read_dir(directory):
    messages, enums, extendable = {}, set(), set()
    for f in sorted(os.listdir(directory)):
        if f.endswith(".proto"):
            path = os.path.join(directory, f)
            with open(path, encoding="utf-8") as fh:
                Parser(tokens(fh.read(), path), path, messages, enums, extendable).file()
    resolved = {
        m: {f: (resolve(t, messages, enums), rep) for f, (t, rep) in fields.items()}
        for m, fields in messages.items()
    }
    return resolved, extendable


def reachable(messages, root):
    seen, todo = set(), [root]
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        todo.extend(t for t, _ in messages[m].values() if t is not None)
    return seen


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", action="append", default=[], help="where each DIR came from")
    ap.add_argument("dirs", nargs="+")
    args = ap.parse_args()
    union, extendable = {}, set()
    for d in args.dirs:
        messages, ext = read_dir(d)
        extendable |= ext
        for m in reachable(messages, ROOT):
            target = union.setdefault(m, {})
            for f, kind in messages[m].items():
                if target.setdefault(f, kind) != kind:
                    sys.exit(f"{m}.{f} is {target[f]} in one version and {kind} in {d}")
    n_fields = sum(len(f) for f in union.values())
    print("# Field names of the Object Detection API's pipeline.config messages: every message")
    print(f"# reachable from {ROOT}, read from the object_detection/protos/*.proto files of:")
    for s in args.source:
        print(f"#   {s}")
    print("# (the union of these versions). Generated by tools/od_api_fields.py; regenerate with")
    print("#   python3 tools/od_api_fields.py --source '<repo>@<commit>' <protos dir> ... > <this file>")
    print("# with each <protos dir> holding one version's *.proto files (e.g. from git show).")
    print("# Format: <message>: <field> ... where name=Type is a message field, name* is repeated,")
    print("# [extensions] allows [extension.name] fields, and a map field's entries are the message")
    print("# <Message>.<Field>Entry { key value }.")
    print(f"# {len(union)} messages, {n_fields} fields.")
    for m in sorted(union):
        parts = [m + ":"]
        if m in extendable:
            parts.append("[extensions]")
        for f in sorted(union[m]):
            t, rep = union[m][f]
            parts.append(f + ("*" if rep else "") + ("" if t is None else "=" + t))
        print(" ".join(parts))


if __name__ == "__main__":
    main()
