#!/usr/bin/python3
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, or when POTFILES.in lists a file that does not exist or
# holds nothing to translate.  Usage: check-potfiles.py SOURCE_ROOT

import pathlib
import re
import sys

C_MARKERS = re.compile(r'\b(?:_|N_|C_|NC_|Q_|g_dngettext|ngettext)\s*\(\s*"')
UI_MARKER = re.compile(r'translatable="yes"')
SCANNED = ('src', 'data')


def translatable(path):
    text = path.read_text(encoding='utf-8', errors='replace')
    name = path.name
    if name.endswith(('.c', '.h')):
        return bool(C_MARKERS.search(text))
    if name.endswith(('.ui', '.blp')):
        return bool(UI_MARKER.search(text))
    if '.desktop.in' in name or '.metainfo.xml.in' in name:
        return True
    if name.endswith('.gschema.xml.in') or name.endswith('.gschema.xml'):
        return '<summary>' in text or '<description>' in text
    return False


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()
    listed = []
    for line in (root / 'po' / 'POTFILES.in').read_text().splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            listed.append(line)

    problems = []
    if listed != sorted(listed):
        problems.append('po/POTFILES.in is not sorted')
    for entry in listed:
        path = root / entry
        if not path.is_file():
            problems.append(f'{entry}: listed in po/POTFILES.in but does not exist')
        elif not translatable(path):
            problems.append(f'{entry}: listed in po/POTFILES.in but has no translatable strings')

    found = set()
    for top in SCANNED:
        for path in (root / top).rglob('*'):
            if path.is_file() and translatable(path):
                found.add(path.relative_to(root).as_posix())
    for entry in sorted(found - set(listed)):
        problems.append(f'{entry}: has translatable strings but is missing from po/POTFILES.in')

    for problem in problems:
        print(problem, file=sys.stderr)
    print(f'{len(listed)} files listed, {len(found)} files with translatable strings')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
